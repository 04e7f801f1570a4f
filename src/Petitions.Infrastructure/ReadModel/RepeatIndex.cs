using System.Data.Common;
using Dapper;
using Petitions.Domain.Cases;
using Petitions.Domain.Subjects;

namespace Petitions.Infrastructure.ReadModel;

/// <summary>Writes a new case's subject and the bigrams of its target and address into the near-match index.</summary>
public static class RepeatIndex
{
    public const string TargetKind = "T";
    public const string AddressKind = "A";

    public static async Task AddAsync(DbConnection connection, DbTransaction transaction, PetitionCase c, CancellationToken cancellationToken)
    {
        var normalized = SubjectKey.Normalize(c.Target);
        var newSubject = await connection.ExecuteAsync(new CommandDefinition(
            """
            INSERT INTO subject_index (subject_key, region_code, normalized, target) VALUES (@SubjectKey, @RegionCode, @Normalized, @Target)
            ON CONFLICT (subject_key) DO NOTHING
            """,
            new { c.SubjectKey, c.RegionCode, Normalized = normalized, c.Target }, transaction, cancellationToken: cancellationToken)) > 0;

        var rows = new List<object>();
        if (newSubject)
        {
            rows.AddRange(Similarity.BigramsOf(normalized).Select(b => new { c.RegionCode, Kind = TargetKind, Bigram = b, Ref = c.SubjectKey }));
        }

        if (!string.IsNullOrWhiteSpace(c.Address) && SubjectKey.Normalize(c.Address) is { Length: > 0 } address)
        {
            rows.AddRange(Similarity.BigramsOf(address).Select(b => new { c.RegionCode, Kind = AddressKind, Bigram = b, Ref = c.CaseNo }));
        }

        if (rows.Count > 0)
        {
            await connection.ExecuteAsync(new CommandDefinition(
                "INSERT INTO repeat_bigram (region_code, kind, bigram, ref) VALUES (@RegionCode, @Kind, @Bigram, @Ref) ON CONFLICT DO NOTHING",
                rows, transaction, cancellationToken: cancellationToken));
        }
    }
}
