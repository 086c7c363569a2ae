using Leanmote.Infrastructure.Database;

namespace Leanmote.Api.Hosting;

/// <summary>Applies pending migrations before the server starts taking requests (unless turned off).</summary>
public sealed class DatabaseMigrationService(Migrator migrator, IConfiguration configuration, ILogger<DatabaseMigrationService> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        if (!configuration.GetValue("Leanmote:MigrateOnStartup", true)) return;
        await Migrator.EnsureDatabaseExistsAsync(HostSettings.ConnectionString(configuration), cancellationToken);
        var applied = await migrator.MigrateAsync(cancellationToken);
        logger.LogInformation("Database schema is current ({Applied} migrations applied now)", applied);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
