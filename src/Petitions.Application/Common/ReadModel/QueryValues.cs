using Petitions.Application.Common.Validation;
using System.Globalization;
using FluentValidation;

namespace Petitions.Application.Common.ReadModel;

/// <summary>
/// Query-string values arrive as text and are checked by the request's validator, so that a malformed value is a
/// 400 naming the parameter (model binding would only say "body"). An empty value means "not given".
/// </summary>
public static class QueryValues
{
    public const int DefaultPageSize = 20;
    public const int MaxPageSize = 200;

    public static bool Given(string? value) => !string.IsNullOrWhiteSpace(value);

    public static bool IsBool(string? value) => !Given(value) || bool.TryParse(value!.Trim(), out _);

    public static bool? Bool(string? value) => Given(value) ? bool.Parse(value!.Trim()) : null;

    public static bool IsInt(string? value, int min, int max) =>
        !Given(value) || int.TryParse(value!.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n >= min && n <= max;

    public static int? Int(string? value) => Given(value) ? int.Parse(value!.Trim(), NumberStyles.None, CultureInfo.InvariantCulture) : null;

    /// <summary>A China calendar date written yyyy-MM-dd.</summary>
    public static bool IsDate(string? value) => !Given(value) || TryDate(value!, out _);

    public static DateOnly? Date(string? value) => Given(value) && TryDate(value!, out var date) ? date : null;

    /// <summary>A member name (any letter case); numbers and combinations are refused.</summary>
    public static bool IsEnum<TEnum>(string? value) where TEnum : struct, Enum =>
        !Given(value) || Enum.GetNames<TEnum>().Contains(value!.Trim(), StringComparer.OrdinalIgnoreCase);

    public static TEnum? EnumValue<TEnum>(string? value) where TEnum : struct, Enum =>
        Given(value) ? Enum.Parse<TEnum>(value!.Trim(), ignoreCase: true) : null;

    public static string? Text(string? value) => Given(value) ? value!.Trim() : null;

    private static bool TryDate(string value, out DateOnly date) =>
        DateOnly.TryParseExact(value.Trim(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out date);

    // ---- validator rules ------------------------------------------------------------------------------------

    public static IRuleBuilderOptions<T, string?> MustBeBool<T>(this IRuleBuilder<T, string?> rule) =>
        rule.Must(IsBool).WithErrorCode(ValidationCodes.Boolean).WithMessage("'{PropertyName}' must be true or false.");

    public static IRuleBuilderOptions<T, string?> MustBeDate<T>(this IRuleBuilder<T, string?> rule) =>
        rule.Must(IsDate).WithErrorCode(ValidationCodes.Date).WithMessage("'{PropertyName}' must be a date written yyyy-MM-dd.");

    public static IRuleBuilderOptions<T, string?> MustBeInt<T>(this IRuleBuilder<T, string?> rule, int min, int max) =>
        rule.Must(v => IsInt(v, min, max)).WithErrorCode(ValidationCodes.WholeNumber).WithMessage($"'{{PropertyName}}' must be a whole number from {min} to {max}.");

    public static IRuleBuilderOptions<T, string?> MustBeEnum<T, TEnum>(this IRuleBuilder<T, string?> rule) where TEnum : struct, Enum =>
        rule.Must(IsEnum<TEnum>).WithErrorCode(ValidationCodes.OneOf).WithMessage($"'{{PropertyName}}' must be one of {string.Join(", ", Enum.GetNames<TEnum>())}.");

    public static IRuleBuilderOptions<T, string?> MustBeOneOf<T>(this IRuleBuilder<T, string?> rule, params string[] allowed) =>
        rule.Must(v => !Given(v) || allowed.Contains(v!.Trim(), StringComparer.OrdinalIgnoreCase))
            .WithErrorCode(ValidationCodes.OneOf).WithMessage($"'{{PropertyName}}' must be one of {string.Join(", ", allowed)}.");
}

/// <summary>One page of a list: the items, how many match in all, and the page asked for.</summary>
public sealed record PagedResult<T>(IReadOnlyList<T> Items, int Total, int Page, int PageSize);
