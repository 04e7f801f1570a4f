namespace Petitions.Application.Common.Security;

/// <summary>The roles: intake (受理员), handler (承办人), supervisor (督办/领导), admin; see docs/domain-rules.md.</summary>
public static class Roles
{
    public const string Intake = "Intake";
    public const string Handler = "Handler";
    public const string Supervisor = "Supervisor";
    public const string Admin = "Admin";

    public static readonly IReadOnlyList<string> All = [Intake, Handler, Supervisor, Admin];

    /// <summary>Roles that work on cases (and so may see them within their scope).</summary>
    public static readonly string[] CaseWorkers = [Intake, Handler, Supervisor];
}
