using Petitions.Domain.Common;

namespace Petitions.Domain.Cases;

/// <summary>Deadlines of the Regulations on Petition Work (信访工作条例), in China calendar days.</summary>
public static class Deadlines
{
    public const int AcceptanceDays = 15;
    public const int HandlingDays = 60;
    public const int MaxExtensionDays = 30;

    /// <summary>Acceptance must be decided within 15 days of receipt (or of a transfer to a new unit).</summary>
    public static DateTimeOffset AcceptanceDue(DateTimeOffset from) => DaysAfter(from, AcceptanceDays);

    /// <summary>Handling within 60 days of acceptance, unless the inspection round sets a shorter period.</summary>
    public static DateTimeOffset HandlingDue(DateTimeOffset acceptedAt, int? roundHandlingDays) =>
        DaysAfter(acceptedAt, HandlingPeriod(roundHandlingDays));

    public static int HandlingPeriod(int? roundHandlingDays) =>
        roundHandlingDays is int days && days > 0 && days < HandlingDays ? days : HandlingDays;

    /// <summary>The end of the China calendar day that is <paramref name="days"/> days after a moment: every deadline here
    /// (acceptance, handling, an extension of the current deadline, a problem-list default).</summary>
    public static DateTimeOffset DaysAfter(DateTimeOffset from, int days) =>
        ChinaTime.EndOfDay(ChinaTime.DateOf(from).AddDays(days));
}
