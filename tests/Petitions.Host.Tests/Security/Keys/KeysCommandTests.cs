using Microsoft.Extensions.Configuration;
using Petitions.Host.Operations;
using Petitions.Infrastructure.Keys;

namespace Petitions.Host.Tests.Security.Keys;

/// <summary>The "keys" command line: rotation of the identity key in the key directory the settings name.</summary>
public sealed class KeysCommandTests
{
    [Fact]
    public void Keys_rotate_adds_a_key_that_seals_from_then_on()
    {
        var directory = Path.Combine(Path.GetTempPath(), "petitions-tests", Guid.NewGuid().ToString("N"), "keys");
        var configuration = new ConfigurationBuilder().AddInMemoryCollection([new("Keys:Directory", directory)]).Build();
        var sealer = new IdentitySealer(new KeyDirectory(directory), TimeProvider.System);
        var before = sealer.Seal("欧阳娜娜");

        using var output = new StringWriter();
        Assert.Equal(0, KeysCommand.Run(["keys", "rotate"], configuration, output));
        Assert.Equal(0, KeysCommand.Run(["keys", "status"], configuration, output));
        Assert.Equal(2, KeysCommand.Run(["keys", "shred"], configuration, output));

        var fresh = new IdentitySealer(new KeyDirectory(directory), TimeProvider.System);
        var after = fresh.Seal("欧阳娜娜");
        Assert.NotEqual(IdentitySealer.KeyIdOf(before), IdentitySealer.KeyIdOf(after));
        Assert.Contains(IdentitySealer.KeyIdOf(after).ToString(), output.ToString());
        Assert.Equal("欧阳娜娜", fresh.Unseal(before));
        Assert.Equal(2, fresh.Current().KeysInRing);
    }

    [Fact]
    public async Task A_rotation_while_the_key_in_force_is_younger_than_the_cooldown_is_a_409_and_adds_no_key()
    {
        await using var host = new Infrastructure.PetitionsHost(Infrastructure.Profile.Sqlite);
        var admin = await host.ClientFor("admin");
        var ring = Path.Combine(Path.GetDirectoryName(host.DatabaseLocation)!, "keys", "identity");
        var before = Directory.GetFiles(ring).Length;
        var refused = await Infrastructure.HostExtensions.PostJson(admin, "/api/admin/keys/rotate", new { }, 409);
        Assert.Contains("KeyRotatedRecently", refused.ToJsonString());
        Assert.Equal(before, Directory.GetFiles(ring).Length);
    }
}
