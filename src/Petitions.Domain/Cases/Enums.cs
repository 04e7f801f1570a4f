namespace Petitions.Domain.Cases;

/// <summary>Diverted: sent to another competent body (转送), a terminal exit like NotAccepted.</summary>
public enum CaseStatus { Registered, NotAccepted, Assigned, InProgress, ResultSubmitted, Closed, Diverted }

public enum Channel { Hotline, Letter, Visit, Online, InspectionHandover, Other }

public enum Category { Air, Water, Soil, Noise, SolidWaste, Ecology, Radiation, Other }

public enum Verdict { Substantiated, PartlySubstantiated, Unsubstantiated }

public enum CallbackMethod { Phone, Visit, Sms }

public enum CallbackContact { Complainant, Resident }

public enum Satisfaction { Satisfied, BasicallySatisfied, Dissatisfied, Unreachable }

public enum ClosureKind { Final, Stage }

public enum ExtensionStatus { Pending, Approved, Refused }

/// <summary>Why a case is on the problem list (问题清单).</summary>
public enum ProblemSource { Dissatisfied, LookBack, Repeat, Supervisor, StageClosure }

/// <summary>A supervisor's decision on a closed case that came back as a repeat (办结后重复举报).</summary>
public enum RepeatDecision { ReopenOriginal, NewCaseCarries }

public static class CaseStatusExtensions
{
    public static bool IsOpen(this CaseStatus status) =>
        status is CaseStatus.Registered or CaseStatus.Assigned or CaseStatus.InProgress or CaseStatus.ResultSubmitted;
}
