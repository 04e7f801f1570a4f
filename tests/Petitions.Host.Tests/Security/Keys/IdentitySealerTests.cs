using System.Diagnostics;
using System.Security.Cryptography;
using System.Text.Json;
using Petitions.Domain.Cases;
using Petitions.Infrastructure.Keys;
using Petitions.Infrastructure.Storage;
using Xunit.Abstractions;

namespace Petitions.Host.Tests.Security.Keys;

/// <summary>
/// The identity sealer and the stored form of a complainant: authenticated (an altered seal or one of an unknown key
/// never opens), rotation keeps old seals readable, state stored before sealing is still read, and the cost.
/// </summary>
public sealed class IdentitySealerTests(ITestOutputHelper output)
{
    private static KeyDirectory NewDirectory() => new(Path.Combine(Path.GetTempPath(), "petitions-tests", Guid.NewGuid().ToString("N"), "keys"));

    [Fact]
    public void A_seal_opens_only_unaltered_and_only_with_its_key_ring()
    {
        var keys = NewDirectory();
        var sealer = new IdentitySealer(keys, TimeProvider.System);
        var sealedText = sealer.Seal("欧阳娜娜");
        Assert.Equal("欧阳娜娜", sealer.Unseal(sealedText));
        Assert.Equal(sealer.Current().Current.Id, IdentitySealer.KeyIdOf(sealedText));

        var bytes = Microsoft.AspNetCore.WebUtilities.WebEncoders.Base64UrlDecode(sealedText);
        bytes[^1] ^= 1;
        Assert.False(sealer.TryUnseal(Microsoft.AspNetCore.WebUtilities.WebEncoders.Base64UrlEncode(bytes), out _));
        Assert.False(new IdentitySealer(NewDirectory(), TimeProvider.System).TryUnseal(sealedText, out _));
        Assert.Throws<CryptographicException>(() => sealer.Unseal("not a seal"));
    }

    [Fact]
    public void After_a_rotation_new_seals_use_the_new_key_and_old_seals_still_open_on_every_silo()
    {
        var keys = NewDirectory();
        var silo1 = new IdentitySealer(keys, TimeProvider.System);
        var silo2 = new IdentitySealer(new KeyDirectory(keys.Path), TimeProvider.System);
        var old = silo1.Seal("13987654321");
        Assert.Equal("13987654321", silo2.Unseal(old));

        var rotated = silo1.Rotate();
        var fresh = silo1.Seal("13987654321");
        Assert.Equal(rotated.Id, IdentitySealer.KeyIdOf(fresh));
        Assert.NotEqual(IdentitySealer.KeyIdOf(old), rotated.Id);
        Assert.Equal("13987654321", silo1.Unseal(old));
        // The other silo has not re-read the ring yet: a seal naming the new key makes it look again.
        Assert.Equal("13987654321", silo2.Unseal(fresh));
        Assert.Equal(2, silo2.Current().KeysInRing);
    }

    [Fact]
    public void A_stored_complainant_is_sealed_and_one_stored_before_sealing_is_still_read()
    {
        var serializer = new GrainStateJsonSerializer(new IdentitySealer(NewDirectory(), TimeProvider.System));
        var complainant = new Complainant("欧阳娜娜", "13987654321", "伊宁市幸福小区3栋", false, "hash");
        var json = JsonSerializer.Serialize(new { Complainant = complainant }, PetitionsJson.Options);
        Assert.Contains("欧阳娜娜", json);
        var sealedJson = serializer.Serialize(new Holder(complainant)).ToString();
        Assert.DoesNotContain("欧阳娜娜", sealedJson);
        Assert.DoesNotContain("13987654321", sealedJson);
        Assert.Contains("\"PhoneHash\":\"hash\"", sealedJson);
        Assert.Equal(complainant, serializer.Deserialize<Holder>(new BinaryData(sealedJson)).Complainant);
        // Written before sealing existed: plain fields, read as they are.
        Assert.Equal(complainant, serializer.Deserialize<Holder>(new BinaryData(json)).Complainant);
        var anonymous = new Complainant(null, null, null, true, null);
        Assert.DoesNotContain("Sealed", serializer.Serialize(new Holder(anonymous)).ToString());
        Assert.Equal(anonymous, serializer.Deserialize<Holder>(serializer.Serialize(new Holder(anonymous))).Complainant);
    }

    [Fact]
    public void Sealing_costs_microseconds_per_identity()
    {
        var sealer = new IdentitySealer(NewDirectory(), TimeProvider.System);
        const string identity = """{"Name":"欧阳娜娜","Phone":"13987654321","Address":"伊宁市幸福小区3栋2单元"}""";
        sealer.Unseal(sealer.Seal(identity));
        var watch = Stopwatch.StartNew();
        const int rounds = 20_000;
        for (var i = 0; i < rounds; i++) sealer.Unseal(sealer.Seal(identity));
        var perPair = watch.Elapsed.TotalMicroseconds / rounds;
        output.WriteLine($"seal + unseal: {perPair:0.0} µs per identity");
        // A generous bound (a shared, loaded machine): the cost is noise beside a storage write (milliseconds).
        Assert.True(perPair < 1000, $"{perPair} µs");
    }

    public sealed record Holder(Complainant Complainant);
}
