using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.Options;
using Petitions.Application;
using Petitions.Application.Common;
using Petitions.Demo;
using Petitions.Host.Components;
using Petitions.Host.Composition;
using Petitions.Host.Endpoints;
using Petitions.Host.Errors;
using Petitions.Host.Operations;
using Petitions.Host.Operations.Telemetry;
using Petitions.Host.Security;
using Petitions.Infrastructure;
using Petitions.Infrastructure.Evidence;
using Petitions.Infrastructure.Notifications;
using Petitions.Infrastructure.Orleans;
using Petitions.Infrastructure.Schema;

// "--demo" on the command line is the README's shortcut for Demo:Enabled=true.
var builder = WebApplication.CreateBuilder(args.Where(a => a != "--demo").ToArray());
if (args.Contains("--demo"))
{
    builder.Configuration.AddInMemoryCollection([new("Demo:Enabled", "true")]);
}

// "--load <size>": a load generator run (synthetic cases through the command path, throughput printed, then stop).
if (LoadGenerator.SizeFrom(args) is { } loadSize)
{
    builder.Configuration.AddInMemoryCollection([new("Load:Cases", loadSize.ToString(System.Globalization.CultureInfo.InvariantCulture))]);
}

// "keys rotate|status": key-directory maintenance without starting the host (README "Keys").
if (KeysCommand.IsKeysCommand(args))
{
    return KeysCommand.Run(args, builder.Configuration, Console.Out);
}

builder.AddHostingDefaults();
// The request line carries the query string, and the case list is searched by complainant phone (?phone=): the
// hosting diagnostics never log it, whatever the configured level.
builder.Logging.AddFilter("Microsoft.AspNetCore.Hosting.Diagnostics", LogLevel.Warning);

var storage = builder.Configuration.ReadStorageOptions();
var cluster = builder.Configuration.ReadClusterSettings();
builder.Services.AddPetitionsInfrastructure(storage, cluster);
builder.Services.AddPetitionsEvidence(builder.Configuration, storage);
builder.Services.AddPetitionsNotifications(builder.Configuration.GetSection(NotificationSettings.Section).Get<NotificationSettings>() ?? new());
builder.Services.AddPetitionsApplication().AddPetitionsHost();

builder.UseOrleans(silo => silo.UsePetitionsStorage(storage, cluster,
    DependencyInjection.ConnectionString(storage)).AddPetitionsTelemetry().AddPetitionsDashboard());
// Registered after the silo, so it starts once grains can be activated.
builder.Services.AddSingleton<StorageFaults>();
builder.Services.AddSingleton<Petitions.Host.Operations.ReadModelCatchUp>();
builder.Services.AddHostedService(sp => sp.GetRequiredService<Petitions.Host.Operations.ReadModelCatchUp>());
builder.Services.AddSingleton<Petitions.Host.Notifications.NotificationWorker>();
builder.Services.AddHostedService(sp => sp.GetRequiredService<Petitions.Host.Notifications.NotificationWorker>());
builder.Services.AddHostedService<Petitions.Host.Operations.IdleMemoryTrim>();
// Demo data and load runs wait for the host to have started: they never delay the HTTP server.
builder.Services.AddPetitionsDemo();

builder.Services.Configure<JsonOptions>(o => ApiJson.Configure(o.SerializerOptions));
builder.Services.Configure<RouteHandlerOptions>(o => o.ThrowOnBadRequest = true);
builder.Services.AddPetitionsProblemDetails();
builder.Services.AddPetitionsApi();

builder.Services.AddAuthentication(JwtBearerDefaults.AuthenticationScheme).AddJwtBearer();
builder.Services.AddSingleton<IConfigureOptions<JwtBearerOptions>, ConfigureJwtBearer>();
builder.Services.AddAuthorization();
builder.AddPetitionsUi();
builder.AddSecurityHeaders();
builder.AddSignInThrottle();
builder.AddPetitionsTelemetry();

var app = builder.Build();

// Before the silo starts: the schema (Orleans' queries are read at silo start), the key directory (secrets moved out
// of an older database; refuses to start on a key directory that does not belong to the database), the signing key,
// the accounts.
await app.Services.GetRequiredService<SchemaMigrator>().MigrateAsync();
await app.Services.GetRequiredService<Petitions.Infrastructure.Keys.KeyRing>().OpenAsync();
await app.Services.GetRequiredService<JwtTokens>().LoadKeyAsync();
await app.Services.GetRequiredService<AccountBootstrapper>().RunAsync();

app.UseForwardedHeaders();
app.UseExceptionHandler();
app.UseInputGuards();
app.UsePetitionsMetrics();
app.UseSecurityHeaders();
app.UseRateLimiter();
app.UseStatusCodePages();
app.UseAuthentication();
app.UseAuthorization();
app.MapPetitionsUi();
app.MapRectificationExport();
app.MapHistoryImportTemplate();
app.MapPetitionsApi();
app.MapPetitionsDashboard();

app.Run();
return 0;

public partial class Program;
