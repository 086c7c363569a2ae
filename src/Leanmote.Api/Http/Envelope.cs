using System.Globalization;
using System.Text.Json;
using Leanmote.Application.Common;
using Leanmote.Application.Common.Querying;
using Leanmote.Application.Common.Results;

namespace Leanmote.Api.Http;

/// <summary>
/// Writes the standard envelope (rest-api.md §2) — the only place that does. Success bodies carry
/// <c>data</c> (and <c>meta</c> for pages), projected by <c>fields=</c>; every non-2xx goes through
/// <see cref="WriteErrorAsync"/>. Rate-limit headers are added to both.
/// </summary>
public static class Envelope
{
    public const string ErrorCodeItem = "Leanmote.ErrorCode";

    public static IResult From<T>(Result<T> result) => new EnvelopeResult<T>(result);

    public static async Task WriteErrorAsync(HttpContext http, Error error)
    {
        var (code, status) = ErrorCatalog.Describe(error.Code);
        http.Items[ErrorCodeItem] = code;
        var response = http.Response;
        response.StatusCode = status;
        response.ContentType = "application/json; charset=utf-8";
        AddRateLimitHeaders(http);
        if (error.Code == ErrorCode.Unauthorized) response.Headers.WWWAuthenticate = "Bearer";
        if (error.RetryAfter is { } retryAfter)
        {
            var seconds = Math.Max(1, (long)Math.Ceiling(retryAfter.TotalSeconds));
            response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
        }

        await using var writer = new Utf8JsonWriter(response.BodyWriter);
        writer.WriteStartObject();
        writer.WriteString("status", "error");
        writer.WriteStartObject("error");
        writer.WriteString("code", code);
        writer.WriteString("message", error.Message);
        if (error.Code == ErrorCode.Validation)
        {
            writer.WriteStartArray("details");
            foreach (var detail in error.Details ?? [])
            {
                writer.WriteStartObject();
                writer.WriteString("field", detail.Field);
                writer.WriteString("message", detail.Message);
                writer.WriteEndObject();
            }
            writer.WriteEndArray();
        }
        writer.WriteEndObject();
        writer.WriteEndObject();
        writer.Flush();
        await response.BodyWriter.FlushAsync(http.RequestAborted);
    }

    /// <summary>The HTTP status a success value is answered with, and the value that becomes <c>data</c>.</summary>
    public static (int Status, object? Data) Unwrap(object? value) => value switch
    {
        NoContent => (StatusCodes.Status204NoContent, null),
        ICreated created => (StatusCodes.Status201Created, created.Resource),
        IUpserted upserted => (upserted.Inserted ? StatusCodes.Status201Created : StatusCodes.Status200OK, upserted.Resource),
        _ => (StatusCodes.Status200OK, value),
    };

    private static void AddRateLimitHeaders(HttpContext http)
    {
        if (http.RequestServices.GetService<RequestContext>()?.RateLimit is not { } window) return;
        var headers = http.Response.Headers;
        headers["X-RateLimit-Limit"] = window.Limit.ToString(CultureInfo.InvariantCulture);
        headers["X-RateLimit-Remaining"] = window.Remaining.ToString(CultureInfo.InvariantCulture);
        headers["X-RateLimit-Reset"] = window.ResetAt.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
    }

    private sealed class EnvelopeResult<T>(Result<T> result) : IResult
    {
        public async Task ExecuteAsync(HttpContext http)
        {
            if (!result.IsSuccess)
            {
                await WriteErrorAsync(http, result.Error);
                return;
            }

            var response = http.Response;
            AddRateLimitHeaders(http);
            var (status, value) = Unwrap(result.Value);
            response.StatusCode = status;
            if (status == StatusCodes.Status204NoContent) return;

            response.ContentType = "application/json; charset=utf-8";
            var fields = http.RequestServices.GetRequiredService<RequestContext>().Fields;
            var options = JsonSetup.Options;
            await using var writer = new Utf8JsonWriter(response.BodyWriter);
            writer.WriteStartObject();
            writer.WriteString("status", "success");
            writer.WritePropertyName("data");
            if (value is Leanmote.Application.Metrics.Engine.IMetricsDocument document)
            {
                WriteData(writer, document.Data, fields, options);
                writer.WritePropertyName("meta");
                JsonSerializer.Serialize(writer, document.Meta, options);
            }
            else if (value is IPage page)
            {
                WriteData(writer, page.Items, fields, options);
                WriteMeta(writer, page);
            }
            else
            {
                WriteData(writer, value, fields, options);
            }
            writer.WriteEndObject();
            writer.Flush();
            await response.BodyWriter.FlushAsync(http.RequestAborted);
        }

        private static void WriteData(Utf8JsonWriter writer, object? data, IReadOnlyList<string>? fields, JsonSerializerOptions options)
        {
            if (fields is null)
            {
                JsonSerializer.Serialize(writer, data, data?.GetType() ?? typeof(object), options);
                return;
            }
            FieldProjection.Project(JsonSerializer.SerializeToNode(data, data?.GetType() ?? typeof(object), options), fields)?.WriteTo(writer, options);
        }

        private static void WriteMeta(Utf8JsonWriter writer, IPage page)
        {
            var options = page.Options;
            writer.WriteStartObject("meta");
            writer.WriteNumber("page", options.Page);
            writer.WriteNumber("per_page", options.PerPage);
            writer.WriteNumber("total", page.Total);
            writer.WriteNumber("total_pages", page.Total == 0 ? 0 : (page.Total + options.PerPage - 1) / options.PerPage);
            writer.WriteString("sort", options.Sort);
            writer.WriteString("order", options.Order == SortOrder.Asc ? "asc" : "desc");
            writer.WriteEndObject();
        }
    }
}
