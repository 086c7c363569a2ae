using Leanmote.Api.Endpoints;
using Leanmote.Api.Hosting;
using Leanmote.Api.Http;
using Leanmote.Api.OpenApi;
using Leanmote.Api.Telemetry;
using Leanmote.Api.Scim;
using Leanmote.Application;
using Leanmote.Application.Access;
using Leanmote.Infrastructure;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.HttpOverrides;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.Options;
using Scalar.AspNetCore;
using Serilog;
using Serilog.Events;
using Serilog.Formatting.Compact;

// The composition root. `Leanmote.Api [serve|migrate|seed-demo|create-token] ...` — see HostCommands.
if (args.Length > 0 && !args[0].StartsWith('-') && args[0] != "serve")
{
    return await HostCommands.RunAsync(args);
}

var builder = WebApplication.CreateBuilder(args.Where(a => a != "serve").ToArray());
var configuration = builder.Configuration;

builder.Host.UseSerilog((context, _, logger) =>
{
    logger.MinimumLevel.Information()
        .MinimumLevel.Override("Microsoft.AspNetCore", LogEventLevel.Warning)
        .MinimumLevel.Override("Microsoft.Hosting.Lifetime", LogEventLevel.Information)
        .MinimumLevel.Override("Microsoft.AspNetCore.Diagnostics.ExceptionHandlerMiddleware", LogEventLevel.Fatal)  // ErrorBoundary logs once
        .ReadFrom.Configuration(context.Configuration)
        .Enrich.FromLogContext();
    // Console writes are synchronous and serialised: a background writer keeps them off the request path.
    // Up to 10,000 events wait in memory; beyond that (a stuck stdout) new events are dropped, never requests.
    if (context.HostingEnvironment.IsDevelopment()) logger.WriteTo.Async(sink => sink.Console(), bufferSize: 10_000);
    else logger.WriteTo.Async(sink => sink.Console(new RenderedCompactJsonFormatter()), bufferSize: 10_000);
});

builder.WebHost.ConfigureKestrel(kestrel =>
{
    kestrel.AddServerHeader = false;
    kestrel.Limits.MaxRequestLineSize = 40 * 1024;                 // 32 KiB query strings reach the envelope
    kestrel.Limits.MaxRequestHeadersTotalSize = 64 * 1024;
    kestrel.Limits.MaxRequestBodySize = configuration.GetValue("Leanmote:MaxRequestBodyBytes", 1024 * 1024);
});
if (string.IsNullOrEmpty(configuration["urls"]) && string.IsNullOrEmpty(configuration["ASPNETCORE_URLS"]))
{
    builder.WebHost.UseUrls("http://127.0.0.1:5080");
}

builder.Services.AddApplication();
builder.Services.AddInfrastructure(HostSettings.ConnectionString(configuration));
builder.Services.AddOptions<AccessOptions>().Configure<IConfiguration, IHostEnvironment>((options, config, env) => HostSettings.ConfigureAccess(options, config, env));
builder.Services.Configure<Leanmote.Application.Scim.Tokens.ScimOptions>(configuration.GetSection("Leanmote:Scim"));
builder.Services.AddHostedService<DatabaseMigrationService>();
builder.Services.AddHostedService<RateLimitJanitor>();
builder.Services.AddHostedService<IdempotencyJanitor>();
builder.Services.AddOtelIngest(configuration);
Leanmote.Api.Telemetry.TelemetryNormalisationRegistration.AddTelemetryNormalisation(builder.Services, configuration);
builder.Services.AddSingleton<Leanmote.Application.Common.Idempotency.IResponseCodec, JsonResponseCodec>();
builder.Services.AddExceptionHandler<ErrorBoundary>();
builder.Services.Configure<JsonOptions>(options => JsonSetup.Apply(options.SerializerOptions));
builder.Services.Configure<RouteHandlerOptions>(options => options.ThrowOnBadRequest = true);
builder.Services.AddOpenApi(ContractTransformers.Configure);

var app = builder.Build();
_ = app.Services.GetRequiredService<IOptions<AccessOptions>>().Value;   // fail fast on a missing Production salt

// X-Forwarded-Proto/-Host/-For are honoured only from the proxies named in Leanmote:TrustedProxies (scim.md §5.1):
// absolute URLs the API builds (SCIM meta.location) then carry the scheme and host the client used.
if (configuration.GetSection("Leanmote:TrustedProxies").Get<string[]>() is { Length: > 0 } proxies)
{
    var forwarded = new ForwardedHeadersOptions
    {
        ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto | ForwardedHeaders.XForwardedHost,
    };
    forwarded.KnownIPNetworks.Clear();
    forwarded.KnownProxies.Clear();
    foreach (var proxy in proxies) forwarded.KnownProxies.Add(System.Net.IPAddress.Parse(proxy));
    app.UseForwardedHeaders(forwarded);
}
app.UseMiddleware<RequestIdMiddleware>();
app.UseSerilogRequestLogging(options =>
{
    options.MessageTemplate = "HTTP {RequestMethod} {RequestPath} responded {StatusCode} {ErrorCode} in {Elapsed:0.0} ms";
    options.GetLevel = (_, _, _) => LogEventLevel.Information;   // failures are logged once, by ErrorBoundary
    options.EnrichDiagnosticContext = (diagnostics, http) =>
    {
        diagnostics.Set("ErrorCode", http.Items[Envelope.ErrorCodeItem] as string ?? "");
        diagnostics.Set("RouteTemplate", (http.GetEndpoint() as RouteEndpoint)?.RoutePattern.RawText ?? "");
        if (http.RequestServices.GetService<Leanmote.Application.Common.RequestContext>()?.Caller is { } caller)
        {
            diagnostics.Set("CallerUserId", caller.UserId.Value);
            diagnostics.Set("TokenId", caller.CredentialId.Value);
        }
    };
});
app.UseOtelIngest();
app.UseScimSurface();
app.UseExceptionHandler(new ExceptionHandlerOptions { ExceptionHandler = http => Envelope.WriteErrorAsync(http, ErrorCatalog.ForStatus(500)) });
app.UseStatusCodePages(async context =>
{
    var http = context.HttpContext;
    if (http.Response.HasStarted || http.Response.ContentLength > 0) return;
    await Envelope.WriteErrorAsync(http, ErrorCatalog.ForStatus(http.Response.StatusCode));
});
app.UseMiddleware<BearerTokenReader>();

app.MapOpenApi("/openapi/{documentName}.json");
app.MapScalarApiReference("/docs", options => options.WithOpenApiRoutePattern("/openapi/{documentName}.json"));
app.MapMetaEndpoints();
app.MapOrganizationsEndpoints();
app.MapAccessEndpoints();
app.MapDeliveryEndpoints();
app.MapWorkEndpoints();
app.MapCalendarEndpoints();
app.MapInteractionsEndpoints();
app.MapDashboardsEndpoints();
app.MapGitEndpoints();
app.MapTeamsEndpoints();
app.MapUsersEndpoints();
app.MapAppsEndpoints();
app.MapOrganizationResourcesEndpoints();
app.MapOtelEndpoints();
app.MapScimTokensEndpoints();
app.MapTelemetryQueryEndpoints();
app.MapMetricSettingsEndpoints();
app.MapMetricsEndpoints();

await app.RunAsync();
return 0;
