using System.Security.Cryptography;
using Petitions.Application.Common.Security;
using Petitions.Demo;

namespace Petitions.Host.Security;

/// <summary>
/// First start: an "admin" account (password from Auth:BootstrapAdminPassword, or generated and printed once).
/// Demo mode: also "intake", "supervisor" and one "handler.&lt;unit&gt;" per catalog unit, all with Demo:Password.
/// </summary>
public sealed class AccountBootstrapper(UserAccounts accounts, SecurityLog log, IConfiguration configuration, ILogger<AccountBootstrapper> logger)
{
    public const string DefaultDemoPassword = "petitions-demo";

    public async Task RunAsync(CancellationToken cancellationToken = default)
    {
        if (!await accounts.AnyAsync(cancellationToken))
        {
            var configured = configuration["Auth:BootstrapAdminPassword"];
            var password = string.IsNullOrEmpty(configured) ? GeneratePassword() : configured;
            var admin = new UserAccount { Username = "admin", DisplayName = "系统管理员", Roles = Roles.Admin };
            if (await accounts.CreateAsync(admin, password, cancellationToken))
            {
                await log.WriteAsync("admin", SecurityLog.Events.BootstrapAdminCreated, cancellationToken: cancellationToken);
                if (string.IsNullOrEmpty(configured))
                {
                    // Printed once, to the console only (not through the logging pipeline, which may ship logs elsewhere).
                    Console.WriteLine($"""

                        ==== Petitions: first start ====
                        Created the administrator account "admin" with the password: {password}
                        It is shown only this once. Set Auth:BootstrapAdminPassword to choose it instead.
                        ================================

                        """);
                }
            }
        }

        if (configuration.GetValue<bool>("Demo:Enabled"))
        {
            await SeedDemoUsersAsync(cancellationToken);
        }
    }

    private async Task SeedDemoUsersAsync(CancellationToken cancellationToken)
    {
        var password = configuration["Demo:Password"] is { Length: >= UserAccounts.MinPasswordLength } p ? p : DefaultDemoPassword;
        var created = 0;
        foreach (var account in DemoAccounts.All())
        {
            created += await Create(account, password, cancellationToken);
        }

        if (created > 0) logger.LogInformation("Demo mode: created {Count} demo accounts (password from Demo:Password)", created);
    }

    private async Task<int> Create(UserAccount account, string password, CancellationToken cancellationToken)
    {
        if (!await accounts.CreateAsync(account, password, cancellationToken)) return 0;
        await log.WriteAsync(account.Username, SecurityLog.Events.UserCreated, "demo account", cancellationToken: cancellationToken);
        return 1;
    }

    private static string GeneratePassword() =>
        Convert.ToBase64String(RandomNumberGenerator.GetBytes(15)).Replace('+', 'x').Replace('/', 'y');
}
