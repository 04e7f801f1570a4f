using FluentValidation;
using Microsoft.Extensions.Localization;
using Petitions.Application.Common.Errors;
using Petitions.Domain.Cases;
using Petitions.Host.Components.Resources;
using Petitions.Host.Errors;

namespace Petitions.Host.Components.Shared;

/// <summary>
/// Turns what the pipeline throws into what a person reads: each validation failure on its field as the API names it
/// (translated by the validator's error code), a refused rule as a sentence (translated by its name), never an exception's raw text.
/// </summary>
public sealed class UiErrors
{
    private readonly Dictionary<string, string> fields = new(StringComparer.OrdinalIgnoreCase);

    public string? Message { get; private set; }

    public bool Any => Message is not null || fields.Count > 0;

    public bool Has(string field) => fields.ContainsKey(field);

    public string? this[string field] => fields.GetValueOrDefault(field);

    public IEnumerable<KeyValuePair<string, string>> Fields => fields;

    public void Clear()
    {
        fields.Clear();
        Message = null;
        invalidInput = false;
    }

    /// <summary>Whether the message is the "fix the fields marked red" of invalid input (it goes once the fields are fixed).</summary>
    private bool invalidInput;

    /// <summary>
    /// The person changed a field after a failed save: its error (and those of its parts, "complainant.name",
    /// "categories[0]") goes at once, and the form's "fix the fields marked red" once no marked field is left. The
    /// next save checks everything again.
    /// </summary>
    public void Fixed(string field)
    {
        foreach (var key in fields.Keys.Where(k => k.Equals(field, StringComparison.OrdinalIgnoreCase)
                     || k.StartsWith(field + ".", StringComparison.OrdinalIgnoreCase) || k.StartsWith(field + "[", StringComparison.OrdinalIgnoreCase)).ToList())
        {
            fields.Remove(key);
        }

        if (fields.Count == 0 && invalidInput) Message = null;
    }

    /// <summary>Records the exception; returns false for one that is not the user's to fix (then it is also logged).</summary>
    public void Set(Exception exception, IStringLocalizer<Text> l, ILogger logger)
    {
        Clear();
        switch (exception)
        {
            case ValidationException validation:
                foreach (var failure in validation.Errors)
                {
                    var field = ProblemDetailsMapper.FieldName(failure.PropertyName);
                    if (!fields.ContainsKey(field)) fields[field] = Translate(failure, l);
                }

                Message = l["Error_Validation"];
                invalidInput = true;
                break;
            case RuleViolationException rule:
                Message = RuleMessage(rule.Violation.Rule, rule.Violation.CurrentStatus, l);
                if (rule.Violation.Field is { Length: > 0 } f) fields[ProblemDetailsMapper.FieldName(f)] = Message;
                break;
            case InvalidFieldException invalid:
                fields[ProblemDetailsMapper.FieldName(invalid.Field)] = l.GetString("Val_" + invalid.Code) is { ResourceNotFound: false } m ? m : invalid.Message;
                Message = l["Error_Validation"];
                invalidInput = true;
                break;
            case ConflictException conflict:
                Message = RuleMessage(conflict.Rule, null, l);
                break;
            case NotFoundException:
                Message = l["Error_NotFound"];
                break;
            case ForbiddenException:
                Message = l["Error_Forbidden"];
                break;
            case UnauthenticatedException:
                Message = l["Error_SignedOut"];
                break;
            case OperationCanceledException:
                Message = l["Error_Cancelled"];
                break;
            default:
                logger.LogError(exception, "A UI request failed");
                Message = l["Error_Unexpected"];
                break;
        }
    }

    public static string RuleMessage(string rule, CaseStatus? status, IStringLocalizer<Text> l)
    {
        var statusText = status is { } s ? l["Status_" + s].Value : "";
        var text = l.GetString("Rule_" + rule, statusText);
        return text.ResourceNotFound ? l["Rule_Unknown", rule] : text.Value;
    }

    /// <summary>
    /// A validation failure by its error code only: the Application's own codes (<c>ValidationCodes</c>) and
    /// FluentValidation's built-in ones, with the validator's placeholders filled in; the field's label is shown beside
    /// it. A code nobody translated shows the validator's own message.
    /// </summary>
    public static string Translate(FluentValidation.Results.ValidationFailure failure, IStringLocalizer<Text> l)
    {
        var byCode = l.GetString("Val_" + failure.ErrorCode);
        if (byCode.ResourceNotFound) return failure.ErrorMessage;
        var text = byCode.Value;
        foreach (var (key, value) in failure.FormattedMessagePlaceholderValues ?? new Dictionary<string, object>())
        {
            text = text.Replace("{" + key + "}", Convert.ToString(value, System.Globalization.CultureInfo.CurrentCulture));
        }

        return text;
    }
}
