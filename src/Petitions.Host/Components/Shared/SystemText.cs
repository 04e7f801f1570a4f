using Microsoft.Extensions.Localization;
using Petitions.Application.Features.Stats;
using Petitions.Domain.Cases;
using Petitions.Domain.Subjects;
using Petitions.Host.Components.Resources;

namespace Petitions.Host.Components.Shared;

/// <summary>
/// The phrases the system writes in Chinese (reasons and targets of automatic problem-list entries, the default
/// responsible person, the names of the statistics' own groups), shown in the reader's language: a stored text that
/// is such a phrase, or begins with one followed by "：", is translated; anything a person wrote stays as written.
/// </summary>
public static class SystemText
{
    /// <summary>Each phrase and its resource key (Sys_…); Text.resx holds the same Chinese, Text.en.resx the English.</summary>
    public static readonly IReadOnlyList<(string Phrase, string Key)> Phrases =
    [
        (SystemPhrases.CallbackDissatisfied, "Sys_CallbackDissatisfied"),
        (SystemPhrases.RatingDissatisfied, "Sys_RatingDissatisfied"),
        (SystemPhrases.DissatisfiedTarget, "Sys_DissatisfiedTarget"),
        (SystemPhrases.LookBackFailed, "Sys_LookBackFailed"),
        (SystemPhrases.LookBackTarget, "Sys_LookBackTarget"),
        (SystemPhrases.StageClosureReason, "Sys_StageClosureReason"),
        (SystemPhrases.StageClosureTarget, "Sys_StageClosureTarget"),
        (SystemPhrases.DefaultResponsible, "Sys_DefaultResponsible"),
        (SystemPhrases.CloseOnTime, "Sys_CloseOnTime"),
        (RepeatPolicy.AutomaticLinkReason, "Sys_AutomaticRepeatLink"),
        (CompletionStatistics.DailyName, "Sys_Daily"),
        (CompletionStatistics.AllName, "Sys_Total"),
    ];

    /// <summary>Whether the system wrote the text (it is, or begins with, one of the phrases).</summary>
    public static bool Recognizes(string? text) =>
        !string.IsNullOrEmpty(text) && Phrases.Any(p => text == p.Phrase || text.StartsWith(p.Phrase + "：", StringComparison.Ordinal));

    public static string Of(string? text, IStringLocalizer<Text> l)
    {
        if (string.IsNullOrEmpty(text)) return text ?? "";
        foreach (var (phrase, key) in Phrases)
        {
            if (text == phrase) return l[key];
            if (text.StartsWith(phrase + "：", StringComparison.Ordinal)) return Fmt.Labeled(l[key], text[(phrase.Length + 1)..]);
        }

        // "伊犁哈萨克自治州（本级）": a unit's own cases apart from its subordinates'.
        if (text.EndsWith(CompletionStatistics.OwnLevelSuffix, StringComparison.Ordinal))
            return text[..^CompletionStatistics.OwnLevelSuffix.Length] + l["Sys_OwnLevel"];
        return text;
    }
}
