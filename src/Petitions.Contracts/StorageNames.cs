namespace Petitions.Contracts;

/// <summary>Names of Orleans storage providers. One place, never repeated as string literals.</summary>
public static class StorageNames
{
    /// <summary>The ADO.NET grain storage holding every grain's state (SQLite or PostgreSQL).</summary>
    public const string Petitions = "petitions";
}

/// <summary>How grain keys are built from domain identifiers.</summary>
public static class GrainKeys
{
    /// <summary>The case number format: XF + year of receipt (China time) + sequence of at least six digits.</summary>
    public static string CaseNo(int year, long sequence) => $"XF{year}{sequence:D6}";

    /// <summary>A registration retried with the same Idempotency-Key by the same user.</summary>
    public static string IdempotentRegistration(string username, string idempotencyKey) => $"idem|{username}|{idempotencyKey}";

    /// <summary>A handover list entry: its own number is unique within an inspection round.</summary>
    public static string HandoverEntry(string? roundCode, string externalRef) => $"ext|{roundCode ?? "-"}|{externalRef}";
}
