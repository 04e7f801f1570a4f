namespace Petitions.Host.Components.Public;

/// <summary>
/// The query code of a case registered in this circuit, kept in memory for the receipt (受理回执) page right after
/// registration: never in a URL, never stored, gone with the circuit. Printing it later needs a new code.
/// </summary>
public sealed class ReceiptCodes
{
    private readonly Dictionary<string, string> codes = new(StringComparer.Ordinal);

    public void Remember(string caseNo, string code) => codes[caseNo] = code;

    public string? Recall(string caseNo) => codes.GetValueOrDefault(caseNo);
}
