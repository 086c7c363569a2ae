using Leanmote.Api.Http;
using Leanmote.UnitTests.Support;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using NUnit.Framework;

namespace Leanmote.UnitTests.Api;

/// <summary>Issue 10: a client that went away is not a server error.</summary>
public sealed class ErrorBoundaryTests
{
    private static DefaultHttpContext AbortedRequest()
    {
        using var aborted = new CancellationTokenSource();
        aborted.Cancel();
        var http = new DefaultHttpContext { RequestAborted = aborted.Token };
        http.Request.Method = "GET";
        http.Request.Path = "/v1/organizations";
        http.Response.Body = new MemoryStream();
        return http;
    }

    [TestCase(typeof(OperationCanceledException))]
    [TestCase(typeof(TaskCanceledException))]
    [TestCase(typeof(IOException))]
    public async Task TryHandle_ClientDisconnected_IsNotLoggedAsAnErrorAndWritesNoBody(Type exceptionType)
    {
        var logger = new RecordingLogger<ErrorBoundary>();
        var http = AbortedRequest();

        var handled = await new ErrorBoundary(logger).TryHandleAsync(http, (Exception)Activator.CreateInstance(exceptionType)!, CancellationToken.None);

        Assert.Multiple(() =>
        {
            Assert.That(handled, Is.True);
            Assert.That(logger.Entries.Where(e => e.Level >= LogLevel.Warning), Is.Empty);
            Assert.That(http.Response.StatusCode, Is.EqualTo(ErrorBoundary.ClientClosedRequest));
            Assert.That(http.Response.Body.Length, Is.Zero);
        });
    }

    [Test]
    public async Task TryHandle_UnexpectedExceptionWhileTheClientIsStillThere_IsLoggedAsAnError()
    {
        var logger = new RecordingLogger<ErrorBoundary>();
        var http = new DefaultHttpContext { RequestServices = new ServiceCollection().BuildServiceProvider() };
        http.Request.Path = "/v1/organizations";
        http.Response.Body = new MemoryStream();

        await new ErrorBoundary(logger).TryHandleAsync(http, new InvalidOperationException("bug"), CancellationToken.None);

        Assert.That(logger.Entries.Single().Level, Is.EqualTo(LogLevel.Error));
        Assert.That(http.Response.StatusCode, Is.EqualTo(500));
    }
}
