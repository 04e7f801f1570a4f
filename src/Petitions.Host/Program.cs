using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.Options;
using Petitions.Application.Common;
using Petitions.Host.Components;
using Petitions.Host.Composition;
using Petitions.Host.Demo;
using Petitions.Host.Endpoints;
using Petitions.Host.Errors;
using Petitions.Host.Operations;
using Petitions.Host.Security;
using Petitions.Infrastructure;
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

builder.AddHostingDefaults();

var storage = builder.Configuration.ReadStorageOptions();
var cluster = builder.Configuration.ReadClusterSettings();
builder.Services.AddPetitionsInfrastructure(storage, cluster);
builder.Services.AddPetitionsApplication();

builder.UseOrleans(silo => silo.UsePetitionsStorage(storage, cluster,
    DependencyInjection.ConnectionString(storage)));
// Registered after the silo, so it starts once grains can be activated.
builder.Services.AddHostedService<Petitions.Host.Operations.ReadModelCatchUp>();
// Demo data and load runs wait for the host to have started: they never delay the HTTP server.
builder.Services.AddDemoData();
builder.Services.AddHostedService<LoadGenerator>();

builder.Services.Configure<JsonOptions>(o => ApiJson.Configure(o.SerializerOptions));
builder.Services.Configure<RouteHandlerOptions>(o => o.ThrowOnBadRequest = true);
builder.Services.AddPetitionsProblemDetails();
builder.Services.AddOpenApi();

builder.Services.AddAuthentication(JwtBearerDefaults.AuthenticationScheme).AddJwtBearer();
builder.Services.AddSingleton<IConfigureOptions<JwtBearerOptions>, ConfigureJwtBearer>();
builder.Services.AddAuthorization();
builder.AddPetitionsUi();
builder.AddSecurityHeaders();
builder.AddSignInThrottle();

var app = builder.Build();

// Before the silo starts: the schema (Orleans' queries are read at silo start), the signing key, the accounts.
await app.Services.GetRequiredService<SchemaMigrator>().MigrateAsync();
await app.Services.GetRequiredService<JwtTokens>().LoadKeyAsync();
await app.Services.GetRequiredService<AccountBootstrapper>().RunAsync();

app.UseExceptionHandler();
app.UseInputGuards();
app.UseSecurityHeaders();
app.UseRateLimiter();
app.UseStatusCodePages();
app.UseAuthentication();
app.UseAuthorization();
app.MapPetitionsUi();

app.MapOpenApi("/openapi/{documentName}.json").AllowAnonymous();
app.MapHealthEndpoints();
app.MapDemoEndpoints();
app.MapAuthEndpoints();
var api = app.MapGroup("").RequireAuthorization(UiSetup.ApiPolicy);
api.MapPetitionEndpoints();
api.MapPetitionActionEndpoints();
api.MapUserEndpoints();
api.MapResponsibleUnitEndpoints();
api.MapRoundEndpoints();
api.MapRepeatEndpoints();
api.MapSupervisionEndpoints();
api.MapReadSideEndpoints();
api.MapAuditEndpoints();

app.Run();

public partial class Program;
