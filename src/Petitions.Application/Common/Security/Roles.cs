namespace Petitions.Application.Common.Security;

/// <summary>The roles: intake staff register and assign, handlers work their units' cases, supervisors oversee, admins keep accounts and units.</summary>
public static class Roles
{
    public const string Intake = "Intake";
    public const string Handler = "Handler";
    public const string Supervisor = "Supervisor";
    public const string Admin = "Admin";

    /// <summary>Reviews the reveal log across cases; sees no case and no complainant.</summary>
    public const string Auditor = "Auditor";

    public static readonly IReadOnlyList<string> All = [Intake, Handler, Supervisor, Admin, Auditor];

    /// <summary>Roles that work on cases (and so may see them within their scope).</summary>
    public static readonly string[] CaseWorkers = [Intake, Handler, Supervisor];
}
