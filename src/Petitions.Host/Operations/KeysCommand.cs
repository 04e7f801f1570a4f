using Petitions.Infrastructure.Keys;
using Petitions.Infrastructure.Orleans;

namespace Petitions.Host.Operations;

/// <summary>
/// <c>dotnet run --project src/Petitions.Host -- keys rotate</c> (or <c>dotnet Petitions.Host.dll keys rotate</c>): adds a
/// new identity key to the key directory the settings name, without starting the host (running silos use it within
/// 30 s). Re-encryption needs the silo: <c>POST /api/admin/keys/reencrypt</c>.
/// </summary>
public static class KeysCommand
{
    public static bool IsKeysCommand(string[] args) => args.Length >= 1 && args[0] == "keys";

    /// <returns>The process exit code.</returns>
    public static int Run(string[] args, IConfiguration configuration, TextWriter output)
    {
        var keys = new KeyDirectory(configuration.ReadStorageOptions().ResolvedKeyDirectory);
        var sealer = new IdentitySealer(keys, TimeProvider.System);
        switch (args.Skip(1).FirstOrDefault())
        {
            case "rotate":
                var key = sealer.Rotate();
                output.WriteLine($"new identity key {key.Id} in {keys.IdentityRing}, in force from {key.CreatedAt:O}; {sealer.Current().KeysInRing} keys in the ring");
                return 0;
            case "status":
                var (current, count) = sealer.Current();
                output.WriteLine($"identity key in force {current.Id} (created {current.CreatedAt:O}); {count} keys in {keys.IdentityRing}");
                return 0;
            default:
                output.WriteLine("usage: Petitions.Host keys rotate|status   (re-encryption: POST /api/admin/keys/reencrypt)");
                return 2;
        }
    }
}
