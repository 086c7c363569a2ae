using System.IO.Compression;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Google.Protobuf;
using Leanmote.Infrastructure.Telemetry.Otlp.Rpc;

namespace Leanmote.ContractTests.Otel;

/// <summary>A response of the OTLP surface, kept as bytes (protobuf bodies are binary).</summary>
public sealed record OtlpResponse(int Status, HttpResponseHeaders Headers, string? ContentType, byte[] Body, TimeSpan Elapsed, string? Allow = null)
{
    public string Text => Encoding.UTF8.GetString(Body);

    public JsonElement Json => JsonDocument.Parse(Body).RootElement;

    public string? Header(string name) => Headers.TryGetValues(name, out var values) ? string.Join(",", values) : null;

    /// <summary>The google.rpc.Status of a JSON error body: code, message, ErrorInfo reason and domain.</summary>
    public (int Code, string Message, string Reason, string Domain) JsonStatus()
    {
        var root = Json;
        var info = root.GetProperty("details").EnumerateArray().Single(d => d.GetProperty("@type").GetString() == "type.googleapis.com/google.rpc.ErrorInfo");
        return (root.GetProperty("code").GetInt32(), root.GetProperty("message").GetString()!, info.GetProperty("reason").GetString()!, info.GetProperty("domain").GetString()!);
    }

    public Status ProtobufStatus() => Leanmote.Infrastructure.Telemetry.Otlp.Rpc.Status.Parser.ParseFrom(Body);

    public override string ToString() => $"{Status} {ContentType} {(ContentType?.Contains("json") == true ? Text : Convert.ToHexString(Body))}";
}

/// <summary>Sends hand-built OTLP/HTTP requests over a real socket.</summary>
public sealed class OtlpHttp(Uri baseAddress) : IDisposable
{
    public const string Protobuf = "application/x-protobuf";
    public const string Json = "application/json";

    private readonly HttpClient _http = new(new SocketsHttpHandler { AllowAutoRedirect = false, UseCookies = false, AutomaticDecompression = DecompressionMethods.None })
    {
        BaseAddress = baseAddress,
        Timeout = TimeSpan.FromSeconds(60),
    };

    public Task<OtlpResponse> PostAsync(string path, string? token, byte[] body, string? contentType, string? contentEncoding = null,
        Action<HttpRequestMessage>? configure = null) =>
        SendAsync(HttpMethod.Post, path, token is null ? null : "Bearer " + token, body, contentType, contentEncoding, configure);

    public Task<OtlpResponse> PostJsonAsync(string path, string? token, string json) => PostAsync(path, token, Encoding.UTF8.GetBytes(json), Json);

    public async Task<OtlpResponse> SendAsync(HttpMethod method, string path, string? authorization, byte[]? body, string? contentType,
        string? contentEncoding = null, Action<HttpRequestMessage>? configure = null)
    {
        using var request = new HttpRequestMessage(method, new Uri(path.TrimStart('/'), UriKind.Relative));
        if (body is not null)
        {
            request.Content = new ByteArrayContent(body);
            request.Content.Headers.Remove("Content-Type");
            if (contentType is not null) request.Content.Headers.TryAddWithoutValidation("Content-Type", contentType);
            if (contentEncoding is not null) request.Content.Headers.TryAddWithoutValidation("Content-Encoding", contentEncoding);
        }
        if (authorization is not null) request.Headers.TryAddWithoutValidation("Authorization", authorization);
        configure?.Invoke(request);
        var started = System.Diagnostics.Stopwatch.StartNew();
        using var response = await _http.SendAsync(request);
        var bytes = await response.Content.ReadAsByteArrayAsync();
        return new OtlpResponse((int)response.StatusCode, response.Headers, response.Content.Headers.ContentType?.ToString(), bytes, started.Elapsed,
            response.Content.Headers.Allow.Count > 0 ? string.Join(",", response.Content.Headers.Allow) : null);
    }

    public static byte[] Gzip(byte[] data, CompressionLevel level = CompressionLevel.Optimal)
    {
        using var output = new MemoryStream();
        using (var gzip = new GZipStream(output, level)) gzip.Write(data);
        return output.ToArray();
    }

    public static byte[] Zlib(byte[] data)
    {
        using var output = new MemoryStream();
        using (var zlib = new ZLibStream(output, CompressionLevel.Optimal)) zlib.Write(data);
        return output.ToArray();
    }

    public static byte[] Bytes(IMessage message) => message.ToByteArray();

    public void Dispose() => _http.Dispose();
}
