using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;

namespace Leanmote.ContractTests.Support;

/// <summary>A fully read HTTP response: status, headers and body text, with the body parsed on demand.</summary>
public sealed class ApiResponse(HttpStatusCode status, HttpResponseHeaders headers, HttpContentHeaders contentHeaders, string body)
{
    public HttpStatusCode Status { get; } = status;
    public int StatusCode => (int)Status;
    public HttpResponseHeaders Headers { get; } = headers;
    public HttpContentHeaders ContentHeaders { get; } = contentHeaders;
    public string Body { get; } = body;

    /// <summary>The parsed body (a detached clone, so no document needs disposing).</summary>
    public JsonElement Json
    {
        get
        {
            using var document = JsonDocument.Parse(Body);
            return document.RootElement.Clone();
        }
    }

    /// <summary>A header value from the response or content headers; null when absent.</summary>
    public string? Header(string name) =>
        Headers.TryGetValues(name, out var values) || ContentHeaders.TryGetValues(name, out values) ? string.Join(",", values) : null;

    public override string ToString() => $"{StatusCode} {Body}";
}

/// <summary>
/// A thin HttpClient wrapper: one real socket client per target, the token chosen per call. Against a deployed
/// server (<paramref name="waitOutRateLimits"/>) a 429 is waited out as its <c>Retry-After</c> says and the request
/// sent again, so the suite runs under that server's own limits (rest-api.md §6) instead of failing on them.
/// </summary>
public sealed class ApiClient(Uri baseAddress, bool waitOutRateLimits = false) : IDisposable
{
    private const int MaxRateLimitWaits = 5;
    private static readonly TimeSpan LongestWait = TimeSpan.FromSeconds(65);

    private readonly HttpClient _http = new(new SocketsHttpHandler { AllowAutoRedirect = false, UseCookies = false })
    {
        BaseAddress = baseAddress,
        Timeout = TimeSpan.FromSeconds(30),
    };

    public Uri BaseAddress => baseAddress;

    public Task<ApiResponse> GetAsync(string path, string? token) => SendAsync(HttpMethod.Get, path, token);

    public Task<ApiResponse> DeleteAsync(string path, string? token) => SendAsync(HttpMethod.Delete, path, token);

    public Task<ApiResponse> PostJsonAsync(string path, string? token, string json) =>
        SendAsync(HttpMethod.Post, path, token, new StringContent(json, Encoding.UTF8, "application/json"));

    /// <summary>Sends a request; <paramref name="token"/> becomes <c>Authorization: Bearer …</c> when not null.</summary>
    public Task<ApiResponse> SendAsync(HttpMethod method, string path, string? token, HttpContent? content = null, Action<HttpRequestMessage>? configure = null) =>
        SendRawAsync(method, path, token is null ? null : "Bearer " + token, content, configure);

    /// <summary>Sends a request with the Authorization header exactly as given (null: no header).</summary>
    public async Task<ApiResponse> SendRawAsync(HttpMethod method, string path, string? authorization, HttpContent? content = null, Action<HttpRequestMessage>? configure = null)
    {
        if (!waitOutRateLimits) return await SendOnceAsync(method, path, authorization, content, configure);

        // the body is read once so that every attempt can send the same bytes with the same headers
        var body = content is null ? null : await content.ReadAsByteArrayAsync();
        for (var attempt = 0; ; attempt++)
        {
            ByteArrayContent? copy = null;
            if (body is not null)
            {
                copy = new ByteArrayContent(body);
                foreach (var header in content!.Headers) copy.Headers.TryAddWithoutValidation(header.Key, header.Value);
            }
            var response = await SendOnceAsync(method, path, authorization, copy, configure);
            var wait = response.Headers.RetryAfter?.Delta;
            if (response.StatusCode != 429 || attempt == MaxRateLimitWaits || wait is null || wait > LongestWait) return response;
            await Task.Delay(wait.Value + TimeSpan.FromMilliseconds(250));
        }
    }

    private async Task<ApiResponse> SendOnceAsync(HttpMethod method, string path, string? authorization, HttpContent? content, Action<HttpRequestMessage>? configure)
    {
        using var request = new HttpRequestMessage(method, new Uri(path.TrimStart('/'), UriKind.Relative)) { Content = content };
        if (authorization is not null) request.Headers.TryAddWithoutValidation("Authorization", authorization);
        configure?.Invoke(request);
        using var response = await _http.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        return new ApiResponse(response.StatusCode, response.Headers, response.Content.Headers, text);
    }

    public void Dispose() => _http.Dispose();
}
