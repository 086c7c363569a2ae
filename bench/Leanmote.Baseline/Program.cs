// Baseline for ./build.sh bench: serves captured Leanmote response bodies byte for byte, with no
// authentication, no database and no logging, so each Leanmote figure can be compared with the cost of
// ASP.NET Core itself returning a JSON body of the same size. Usage: Leanmote.Baseline <bodies dir> --urls <url>
var builder = WebApplication.CreateSlimBuilder(args);
builder.Logging.ClearProviders();
var app = builder.Build();
var bodies = Directory.GetFiles(args[0], "*.json")
    .ToDictionary(f => Path.GetFileNameWithoutExtension(f), File.ReadAllBytes, StringComparer.Ordinal);
app.MapGet("/{name}", (string name) => bodies.TryGetValue(name, out var body)
    ? Results.Bytes(body, "application/json; charset=utf-8")
    : Results.NotFound());
app.Run();
