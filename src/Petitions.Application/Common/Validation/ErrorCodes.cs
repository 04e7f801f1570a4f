namespace Petitions.Application.Common.Validation;

/// <summary>
/// The codes of the Application's own validation failures (FluentValidation's ErrorCode, and
/// <see cref="Errors.InvalidFieldException.Code"/>). Clients and the user interface translate by these, never by the
/// English message, which may be reworded.
/// </summary>
public static class ValidationCodes
{
    public const string PlainText = "PlainText";
    public const string NotInFuture = "NotInFuture";
    public const string InFuture = "InFuture";
    public const string WithinTenYears = "WithinTenYears";
    public const string NotBefore2000 = "NotBefore2000";
    public const string NotBeforeFrom = "NotBeforeFrom";
    public const string OneOf = "OneOf";
    public const string Boolean = "Boolean";
    public const string Date = "Date";
    public const string WholeNumber = "WholeNumber";
    public const string ActiveUnit = "ActiveUnit";
    public const string KnownUnit = "KnownUnit";
    public const string KnownRound = "KnownRound";
    public const string KnownBatch = "KnownBatch";
    public const string KnownCase = "KnownCase";
    public const string BatchNeedsRound = "BatchNeedsRound";
    public const string CoUnitsNeedLead = "CoUnitsNeedLead";
    public const string DueNeedsLead = "DueNeedsLead";
    public const string TargetLength = "TargetLength";
    public const string TargetNeedsName = "TargetNeedsName";
    public const string DescriptionLength = "DescriptionLength";
    public const string Phone = "Phone";
    public const string Rating = "Rating";
    public const string JsonObject = "JsonObject";
    public const string AnonymousWithIdentity = "AnonymousWithIdentity";
    public const string InspectorCount = "InspectorCount";
    public const string StageNeedsRectificationDue = "StageNeedsRectificationDue";
    public const string RectificationDueStageOnly = "RectificationDueStageOnly";
    public const string Language = "Language";
    public const string Role = "Role";
    public const string AccountUnits = "AccountUnits";
    public const string Username = "Username";
    public const string RoundCode = "RoundCode";
    public const string UnitCode = "UnitCode";
    public const string UnitCycle = "UnitCycle";
    public const string IdempotencyKey = "IdempotencyKey";
    public const string IfMatch = "IfMatch";
    public const string AsOfDate = "AsOfDate";
    public const string OtherBodyNeedsName = "OtherBodyNeedsName";
    // Spreadsheet imports: the file as a whole, then a list's cells.
    public const string NotASpreadsheet = "NotASpreadsheet";
    public const string SpreadsheetTooLarge = "SpreadsheetTooLarge";
    public const string SpreadsheetTooManyRows = "SpreadsheetTooManyRows";
    public const string SpreadsheetFormulas = "SpreadsheetFormulas";
    public const string SpreadsheetEmpty = "SpreadsheetEmpty";
    public const string SpreadsheetColumns = "SpreadsheetColumns";
    public const string UnknownRegion = "UnknownRegion";
    public const string RegionOutOfScope = "RegionOutOfScope";
    public const string DateText = "DateText";
    public const string UnknownCategory = "UnknownCategory";
    public const string DuplicateInList = "DuplicateInList";
    public const string EvidenceEmpty = "EvidenceEmpty";
    public const string EvidenceTooLarge = "EvidenceTooLarge";
    public const string EvidenceType = "EvidenceType";
    public const string EvidenceName = "EvidenceName";
    // Batch actions and saved filters.
    public const string BatchCaseNos = "BatchCaseNos";
    public const string SavedFilterName = "SavedFilterName";
    public const string SavedFilterQuery = "SavedFilterQuery";
}

/// <summary>The names of conflicts the Application refuses outside the case lifecycle (the lifecycle's are <see cref="Domain.Cases.Rules"/>).</summary>
public static class ConflictRules
{
    public const string UsernameTaken = "UsernameTaken";
    public const string CannotDemoteSelf = "CannotDemoteSelf";
    public const string RoundExists = "RoundExists";
    public const string BatchExists = "BatchExists";
    public const string LinkToTheOriginal = "LinkToTheOriginal";
    public const string QueryCodeReplaced = "QueryCodeReplaced";
    public const string ImportHasInvalidRows = "ImportHasInvalidRows";
    public const string HistoryImportInvalid = "HistoryImportInvalid";
    public const string KeyRotatedRecently = "KeyRotatedRecently";
    public const string TooManySavedFilters = "TooManySavedFilters";
}
