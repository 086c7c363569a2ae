using System.Text.Json;

namespace Leanmote.ContractTests.Support;

/// <summary>The envelope of rest-api.md §2, checked with exact property names.</summary>
public static class EnvelopeAssert
{
    public const string JsonContentType = "application/json; charset=utf-8";

    private static readonly string[] MetaNames = ["page", "per_page", "total", "total_pages", "sort", "order"];

    public static string[] Names(JsonElement element) => [.. element.EnumerateObject().Select(p => p.Name)];

    /// <summary>A success list: exactly status/data/meta; returns the data items.</summary>
    public static JsonElement[] List(ApiResponse response)
    {
        Assert.That(response.StatusCode, Is.EqualTo(200), response.ToString());
        AssertJsonContentType(response);
        var root = response.Json;
        Assert.That(Names(root), Is.EqualTo(new[] { "status", "data", "meta" }).AsCollection, response.Body);
        Assert.That(root.GetProperty("status").GetString(), Is.EqualTo("success"));
        Assert.That(root.GetProperty("data").ValueKind, Is.EqualTo(JsonValueKind.Array));
        var meta = root.GetProperty("meta");
        Assert.That(Names(meta), Is.EquivalentTo(MetaNames), "meta fields");
        return [.. root.GetProperty("data").EnumerateArray()];
    }

    /// <summary>The meta of a list response.</summary>
    public static (int Page, int PerPage, long Total, long TotalPages, string Sort, string Order) Meta(ApiResponse response)
    {
        var meta = response.Json.GetProperty("meta");
        return (meta.GetProperty("page").GetInt32(), meta.GetProperty("per_page").GetInt32(), meta.GetProperty("total").GetInt64(),
            meta.GetProperty("total_pages").GetInt64(), meta.GetProperty("sort").GetString()!, meta.GetProperty("order").GetString()!);
    }

    /// <summary>A success single resource: exactly status/data, data an object; returns data.</summary>
    public static JsonElement Single(ApiResponse response, int status = 200)
    {
        Assert.That(response.StatusCode, Is.EqualTo(status), response.ToString());
        AssertJsonContentType(response);
        var root = response.Json;
        Assert.That(Names(root), Is.EqualTo(new[] { "status", "data" }).AsCollection, response.Body);
        Assert.That(root.GetProperty("status").GetString(), Is.EqualTo("success"));
        Assert.That(root.GetProperty("data").ValueKind, Is.EqualTo(JsonValueKind.Object));
        return root.GetProperty("data");
    }

    /// <summary>
    /// An error: exactly status/error, error exactly code/message (+ details for VALIDATION_ERROR only), the
    /// expected status and code, and the message when given. Returns the error object.
    /// </summary>
    public static JsonElement Error(ApiResponse response, int status, string code, string? message = null)
    {
        Assert.That(response.StatusCode, Is.EqualTo(status), response.ToString());
        AssertJsonContentType(response);
        var root = response.Json;
        Assert.That(Names(root), Is.EqualTo(new[] { "status", "error" }).AsCollection, response.Body);
        Assert.That(root.GetProperty("status").GetString(), Is.EqualTo("error"));
        var error = root.GetProperty("error");
        var validation = code == "VALIDATION_ERROR";
        Assert.That(Names(error), Is.EqualTo(validation ? new[] { "code", "message", "details" } : new[] { "code", "message" }).AsCollection, response.Body);
        Assert.That(error.GetProperty("code").GetString(), Is.EqualTo(code), response.Body);
        Assert.That(error.GetProperty("message").GetString(), Is.Not.Empty);
        if (message is not null) Assert.That(error.GetProperty("message").GetString(), Is.EqualTo(message), response.Body);
        if (validation)
        {
            var details = error.GetProperty("details");
            Assert.That(details.ValueKind, Is.EqualTo(JsonValueKind.Array));
            Assert.That(details.GetArrayLength(), Is.GreaterThan(0), "details of a validation error");
            foreach (var detail in details.EnumerateArray())
            {
                Assert.That(Names(detail), Is.EqualTo(new[] { "field", "message" }).AsCollection, response.Body);
            }
        }
        Assert.That(response.Body, Does.Not.Contain("   at ").And.Not.Contain("Exception"), "no stack trace in an error");
        return error;
    }

    /// <summary>A VALIDATION_ERROR whose details name <paramref name="field"/>; returns that detail's message.</summary>
    public static string Validation(ApiResponse response, string field, string? message = null)
    {
        var error = Error(response, 400, "VALIDATION_ERROR", message);
        var fields = error.GetProperty("details").EnumerateArray().Select(d => d.GetProperty("field").GetString()).ToList();
        Assert.That(fields, Does.Contain(field), response.Body);
        return error.GetProperty("details").EnumerateArray().First(d => d.GetProperty("field").GetString() == field).GetProperty("message").GetString()!;
    }

    public static void AssertJsonContentType(ApiResponse response) =>
        Assert.That(response.ContentHeaders.ContentType?.ToString(), Is.EqualTo(JsonContentType), "Content-Type");
}
