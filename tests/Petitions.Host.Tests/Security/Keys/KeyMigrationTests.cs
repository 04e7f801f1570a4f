using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Dapper;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Petitions.Application.Common.Security;
using Petitions.Host.Tests.Infrastructure;
using Petitions.Infrastructure.Schema;
using Petitions.Infrastructure.Storage;

namespace Petitions.Host.Tests.Security.Keys;

/// <summary>
/// A database from before the key directory: its secrets leave the database at the first start (tokens signed with
/// the old key stay valid), and complainants stored in clear are read, then sealed by the re-encryption, after which
/// not a byte of them is left in the file.
/// </summary>
public sealed class KeyMigrationTests
{
    [Fact]
    public async Task Secrets_move_out_of_an_older_database_and_its_clear_identities_are_sealed_by_the_reencryption()
    {
        var path = Path.Combine(Path.GetTempPath(), "petitions-tests", Guid.NewGuid().ToString("N"), "petitions.db");
        var database = new SqliteDatabase(path);
        await new SchemaMigrator(database, NullLogger<SchemaMigrator>.Instance).MigrateAsync();
        var signingKey = RandomNumberGenerator.GetBytes(64);
        var phoneKey = RandomNumberGenerator.GetBytes(32);
        await using (var connection = await database.OpenAsync())
        {
            await connection.ExecuteAsync("INSERT INTO secrets (name, value) VALUES ('token-signing-key', @a), ('phone-hash-key', @b)",
                new { a = Convert.ToBase64String(signingKey), b = Convert.ToBase64String(phoneKey) });
        }

        const string name = "上官婉清", phone = "13755501234", address = "伊宁市旧档案小区7栋";
        string caseNo;
        await using (var first = new PetitionsHost(Profile.Sqlite, path))
        {
            var intake = await first.ClientFor("intake");
            Assert.Equal(0, await first.Scalar<long>("SELECT COUNT(*) FROM secrets"));
            var secrets = first.Services.GetRequiredService<SecretStore>();
            Assert.Equal(signingKey, await secrets.GetOrCreateAsync("token-signing-key", 64));
            Assert.Equal(phoneKey, await secrets.GetOrCreateAsync(PhoneHasher.SecretName, 32));

            var complaint = Complaints.Valid(first.Clock.GetUtcNow()).With("complainant", new { name, phone, address, anonymous = false });
            caseNo = (await intake.PostJson("/api/petitions", complaint, 201))["caseNo"]!.GetValue<string>();
        }

        // Make the stored case look as it did before sealing: the complainant's fields in clear.
        await using (var connection = new SqliteConnection(SqliteDatabase.ConnectionStringFor(path)))
        {
            var payload = await connection.ExecuteScalarAsync<byte[]>("SELECT PayloadBinary FROM OrleansStorage WHERE GrainIdExtensionString = @caseNo", new { caseNo });
            var text = Encoding.UTF8.GetString(payload!);
            var clear = $"\"Name\":\"{name}\",\"Phone\":\"{phone}\",\"Address\":\"{address}\",\"Anonymous\":false";
            var legacy = System.Text.RegularExpressions.Regex.Replace(text, "\"Anonymous\":false,(\"PhoneHash\":\"[^\"]*\"),\"Sealed\":\"[^\"]*\"", $"{clear},$1");
            Assert.Equal(2, System.Text.RegularExpressions.Regex.Matches(legacy, name).Count);
            JsonNode.Parse(legacy);
            await connection.ExecuteAsync("UPDATE OrleansStorage SET PayloadBinary = @legacy WHERE GrainIdExtensionString = @caseNo",
                new { legacy = Encoding.UTF8.GetBytes(legacy), caseNo });
        }

        await using var second = new PetitionsHost(Profile.Sqlite, path);
        var intake2 = await second.ClientFor("intake");
        Assert.True((await FileBytes(path)).AsSpan().IndexOf(Encoding.UTF8.GetBytes(name)) >= 0, "the clear name written above is not found: the search cannot fail");
        var admin = await second.ClientFor("admin");
        var reencrypted = await admin.PostJson("/api/admin/keys/reencrypt", new { });
        Assert.Equal(1, reencrypted["cases"]!.GetValue<int>());

        var bytes = await FileBytes(path);
        foreach (var secret in new[] { name, phone, address })
        {
            Assert.True(bytes.AsSpan().IndexOf(Encoding.UTF8.GetBytes(secret)) < 0, $"'{secret}' is still in the database file");
        }

        var revealed = (await intake2.PostJson($"/api/petitions/{caseNo}/complainant/reveal", new { reason = "核实举报人信息以便回访" }))["complainant"]!;
        Assert.Equal(name, revealed["name"]!.GetValue<string>());
        Assert.Equal(phone, revealed["phone"]!.GetValue<string>());
        Assert.Equal(address, revealed["address"]!.GetValue<string>());
    }

    private static async Task<byte[]> FileBytes(string path)
    {
        var all = new List<byte>();
        foreach (var suffix in new[] { "", "-wal" })
        {
            if (!File.Exists(path + suffix)) continue;
            await using var stream = new FileStream(path + suffix, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
            using var copy = new MemoryStream();
            await stream.CopyToAsync(copy);
            all.AddRange(copy.ToArray());
        }

        return [.. all];
    }
}
