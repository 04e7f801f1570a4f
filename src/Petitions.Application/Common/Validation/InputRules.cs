using FluentValidation;
using Petitions.Application.Common.Units;
using Petitions.Domain.Cases;
using Petitions.Domain.Common;

namespace Petitions.Application.Common.Validation;

/// <summary>The shape rules that case actions share: text lengths, instants users report, deadlines they set.</summary>
public static class InputRules
{
    public const int ReasonLength = 500;
    public const int NoteLength = 500;
    public const int FindingsLength = 5000;
    public const int PublicSummaryLength = 2000;
    public const int ReplyLength = 2000;
    public const int PersonNameLength = 50;
    public const int CompetentBodyLength = 200;

    /// <summary>A deadline further ahead than this is a typing mistake (and would overflow calendar arithmetic).</summary>
    public static readonly TimeSpan DeadlineHorizon = TimeSpan.FromDays(3660);

    /// <summary>Required free text of at most <paramref name="maxLength"/> characters (blank counts as missing).</summary>
    public static IRuleBuilderOptions<T, string?> RequiredText<T>(this IRuleBuilder<T, string?> rule, int maxLength) =>
        rule.NotEmpty().MaximumLength(maxLength).PlainText();

    /// <summary>Optional free text of at most <paramref name="maxLength"/> characters.</summary>
    public static IRuleBuilderOptions<T, string?> OptionalText<T>(this IRuleBuilder<T, string?> rule, int maxLength) =>
        rule.MaximumLength(maxLength).PlainText();

    /// <summary>No control characters but tab and line breaks: PostgreSQL cannot store a NUL, and no person types one.</summary>
    public static IRuleBuilderOptions<T, string?> PlainText<T>(this IRuleBuilder<T, string?> rule) =>
        rule.Must(text => text is null || !text.Any(c => char.IsControl(c) && c is not ('\t' or '\n' or '\r')))
            .WithErrorCode(ValidationCodes.PlainText).WithMessage("'{PropertyName}' must not contain control characters.");

    /// <summary>Something that happened (a visit, a call): not later than now, allowing for clock skew.</summary>
    public static IRuleBuilderOptions<T, DateTimeOffset?> HappenedBy<T>(this IRuleBuilder<T, DateTimeOffset?> rule, IClock clock) =>
        rule.NotNull()
            .Must(at => at <= clock.UtcNow + PetitionRules.ClockSkew).WithErrorCode(ValidationCodes.NotInFuture).WithMessage("'{PropertyName}' must not be in the future.");

    /// <summary>A deadline someone sets: after now and within the horizon. Null passes; add NotNull where it is required.</summary>
    public static IRuleBuilderOptions<T, DateTimeOffset?> FutureDeadline<T>(this IRuleBuilder<T, DateTimeOffset?> rule, IClock clock) =>
        rule.Must(at => at is null || at > clock.UtcNow).WithErrorCode(ValidationCodes.InFuture).WithMessage("'{PropertyName}' must be in the future.")
            .Must(at => at is null || at <= clock.UtcNow + DeadlineHorizon).WithErrorCode(ValidationCodes.WithinTenYears).WithMessage("'{PropertyName}' must be within ten years.");

    /// <summary>The code of an active responsible unit (blank passes: add NotEmpty where it is required).</summary>
    public static IRuleBuilderOptions<T, string?> ActiveUnit<T>(this IRuleBuilder<T, string?> rule, UnitDirectory units) =>
        rule.MustAsync(async (code, ct) => string.IsNullOrWhiteSpace(code) || (await units.GetAsync(ct)).IsActive(code.Trim()))
            .WithErrorCode(ValidationCodes.ActiveUnit).WithMessage("'{PropertyName}' must be an active unit code.");

    /// <summary>One of the enum's names, any case (enums arrive as strings so that a wrong one is a 400 naming the field).</summary>
    public static IRuleBuilderOptions<T, string?> EnumName<T>(this IRuleBuilder<T, string?> rule, Type enumType) =>
        rule.NotEmpty().IsEnumName(enumType, caseSensitive: false)
            .WithErrorCode(ValidationCodes.OneOf).WithMessage($"'{{PropertyName}}' must be one of {string.Join(", ", Enum.GetNames(enumType))}.");

    /// <summary>The enum value of a name that <see cref="EnumName{T}"/> accepted.</summary>
    public static TEnum ParseEnum<TEnum>(string? value) where TEnum : struct, Enum => Enum.Parse<TEnum>(value!, ignoreCase: true);

    /// <summary>Trimmed text, or null when blank (optional fields).</summary>
    public static string? TrimOrNull(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}
