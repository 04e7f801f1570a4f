namespace Petitions.Domain.Cases;

/// <summary>The type of a petition (信访事项分类, 信访工作条例 Art. 29–31): 建议意见 / 检举控告 / 申诉求决.</summary>
public enum CaseType { Suggestion, Accusation, Appeal }

/// <summary>
/// The competent body a case is diverted to (转送): 纪检监察 (complaints about officials), 政法 (matters in litigation:
/// courts, procuratorate, public security), 行政复议 (administrative reconsideration), or another body named in full.
/// </summary>
public enum DivertBody { DisciplineInspection, PoliticalLegal, AdministrativeReconsideration, Other }

/// <summary>An urgent matter (重大紧急): 突发环境事件 or 群体性事件.</summary>
public enum UrgentKind { Emergency, MassIncident }

/// <summary>Intake's urgent flag on a registration.</summary>
public sealed record UrgentFlag(UrgentKind Kind, string Reason);

/// <summary>Where and why the case was diverted, and the notice given to the complainant.</summary>
public sealed record Diversion(DivertBody Body, string? BodyName, string Reason, string Notice, DateTimeOffset DivertedAt, string DivertedBy);

/// <summary>An urgent matter and its upward reports (who was informed, when).</summary>
public sealed record UrgentMatter(UrgentKind Kind, string Reason, DateTimeOffset FlaggedAt, string FlaggedBy, IReadOnlyList<UrgentReport> Reports);

public sealed record UrgentReport(int No, string Informed, DateTimeOffset ReportedAt, string? Note, DateTimeOffset LoggedAt, string LoggedBy);

/// <summary>
/// Sends the matter to the competent body (转送) with the reason and the notice to the complainant: the case ends here
/// as Diverted (terminal), counted as diverted, not as closed or open.
/// </summary>
public sealed record DivertCaseCommand(DivertBody Body, string? BodyName, string Reason, string Notice) : CaseCommand;

/// <summary>Flags an existing open case as an urgent matter (registration can flag it at once).</summary>
public sealed record FlagUrgentCommand(UrgentKind Kind, string Reason) : CaseCommand;

/// <summary>Records the upward report of an urgent matter: who was informed and when.</summary>
public sealed record ReportUrgentCommand(string Informed, DateTimeOffset ReportedAt, string? Note) : CaseCommand;

public sealed record CaseDiverted(DivertBody Body, string? BodyName, string Reason, string Notice) : CaseEvent;

public sealed record UrgentFlagged(UrgentKind Kind, string Reason) : CaseEvent;

public sealed record UrgentReported(int No, string Informed, DateTimeOffset ReportedAt, string? Note) : CaseEvent;
