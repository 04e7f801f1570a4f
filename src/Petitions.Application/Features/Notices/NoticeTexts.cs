using Petitions.Application.Common.Units;
using Petitions.Domain.Cases;
using Petitions.Domain.Common;

namespace Petitions.Application.Features.Notices;

/// <summary>
/// The wording of the written documents (信访工作条例 Art. 23, 32, 33, 35), in Chinese: they are official documents
/// handed to the complainant, whatever the language of the screen that prints them. Pure: case, units and the
/// addressee's name in, text out.
/// </summary>
public static class NoticeTexts
{
    public const string GenericAddressee = "信访人";

    public static string Date(DateTimeOffset instant) => Date(ChinaTime.DateOf(instant));

    public static string Date(DateOnly date) => $"{date.Year}年{date.Month}月{date.Day}日";

    public static string OpinionName(HandlingOpinion opinion) => opinion switch
    {
        HandlingOpinion.Support => "支持",
        HandlingOpinion.Explain => "解释说明",
        _ => "不予支持",
    };

    /// <summary>
    /// The unit a 复查 of the lead unit's opinion goes to: its parent, or itself at the top of its tree (Art. 35).
    /// </summary>
    public static string ReviewUnitOf(UnitTree units, string leadUnit) =>
        units.Find(leadUnit)?.ParentCode is { } parent && units.Contains(parent) ? parent : leadUnit;

    /// <summary>The document of that kind, or null when the case has none (yet).</summary>
    public static CaseDocumentContent? Build(PetitionCase c, CaseDocumentKind kind, UnitTree units, string? addresseeName)
    {
        if (CaseDocuments.IssuedAt(c, kind) is not { } issuedAt) return null;
        var addressee = string.IsNullOrWhiteSpace(addresseeName) ? GenericAddressee : addresseeName.Trim();
        var lead = units.NameOf(c.EffectiveLeadUnit);
        var region = units.NameOf(c.RegionCode);
        var matter = $"您于{Date(c.ReceivedAt)}反映的关于“{c.Target}”的信访事项（编号：{c.CaseNo}）";
        var date = ChinaTime.DateOf(issuedAt);
        return kind switch
        {
            CaseDocumentKind.Receipt => new(kind, c.CaseNo, "信访事项受理回执", null,
            [
                new(null,
                [
                    $"信访件编号：{c.CaseNo}",
                    $"收到日期：{Date(c.ReceivedAt)}",
                    $"登记单位：{region}",
                    $"反映事项：{c.Target}",
                    $"受理告知期限：{Date(c.AcceptanceDueAt)}前书面告知是否受理（《信访工作条例》第二十三条）",
                    .. c.HandlingDueAt is { } handling ? [$"办理期限：{Date(handling)}"] : Array.Empty<string>(),
                ]),
                new("查询方式", ["凭信访件编号和登记时告知的查询码，可在本机关信访件自助查询页面查询办理进展、办理结果并作出评价。查询码遗失的，可向登记机关申请重新发放，原查询码随即失效。"]),
            ], region, ChinaTime.DateOf(c.RegisteredAt)),

            CaseDocumentKind.AcceptanceNotice => new(kind, c.CaseNo, "信访事项受理告知书", addressee,
            [
                new(null,
                [
                    $"{matter}，经审查，符合受理条件，决定予以受理，由{lead}负责办理。",
                    $"依照《信访工作条例》第三十二条，办理机关应当自受理之日起60日内办结（本件办理期限至{Date(c.HandlingDueAt ?? Deadlines.HandlingDue(issuedAt, c.RoundHandlingDays))}）；情况复杂的，经批准可以适当延长办理期限，但延长期限不得超过30日，并告知您延期理由。",
                    "办理结束后，办理机关将向您出具信访处理意见书。您可凭信访件编号和查询码查询办理进展。",
                ]),
            ], lead, date),

            CaseDocumentKind.RefusalNotice => new(kind, c.CaseNo, "信访事项不予受理告知书", addressee,
            [
                new(null,
                [
                    $"{matter}，经审查，{c.NotAcceptedReason?.TrimEnd('。')}，依照《信访工作条例》第二十三条、第二十九条的规定，决定不予受理。",
                    c.NotAcceptedCompetentBody is { } competent
                        ? $"您反映的事项依法应当由{competent.Body}处理，请您{competent.Channel.TrimEnd('。')}。"
                        : "如您有新的事实和理由，可以依法重新提出信访事项。",
                ]),
            ], region, date),

            CaseDocumentKind.ExtensionNotice => new(kind, c.CaseNo, "信访事项延期办理告知书", addressee,
            [
                new(null,
                [
                    $"{matter}，因{c.Extension!.Reason.TrimEnd('。')}，经批准，办理期限延长{c.Extension.Days}日，延长后的办理期限至{Date(c.HandlingDueAt ?? c.DueAt ?? issuedAt)}。",
                    "依照《信访工作条例》第三十二条，延长期限不得超过30日。特此告知。",
                ]),
            ], lead, date),

            CaseDocumentKind.HandlingOpinion => HandlingOpinionOf(c, units, addressee, matter, lead, date),
            CaseDocumentKind.ReviewOpinion => ReviewOpinionOf(c, units, addressee, matter, date),
            _ => null,
        };
    }

    private static CaseDocumentContent HandlingOpinionOf(PetitionCase c, UnitTree units, string addressee, string matter, string lead, DateOnly date)
    {
        var result = c.Result!;
        var opinion = result.EffectiveOpinion;
        var reviewer = units.NameOf(ReviewUnitOf(units, c.EffectiveLeadUnit));
        var measures = result.Penalties is { } penalties ? [result.Measures, $"处罚情况：{penalties}"] : new[] { result.Measures };
        return new(CaseDocumentKind.HandlingOpinion, c.CaseNo, "信访事项处理意见书", addressee,
        [
            new(null, [$"{matter}，本机关已依法办理完毕，现将处理意见告知如下："]),
            new("一、信访请求", [c.Description]),
            new("二、查明事实", [result.Findings]),
            new("三、处理依据和措施", measures),
            new("四、处理意见", [opinion switch
            {
                HandlingOpinion.Support => "您反映的问题经查属实，对您的信访请求予以支持。",
                HandlingOpinion.Explain => "经核查，对您反映的问题作如上解释说明。",
                _ => "您的信访请求缺乏事实根据或者不符合法律、法规、规章或者其他有关规定，不予支持。",
            } + $"（处理意见：{OpinionName(opinion)}）"]),
            new("五、复查权利告知", [$"依照《信访工作条例》第三十五条，您对本处理意见不服的，可以自收到本意见书之日起30日内请求{reviewer}复查。"]),
        ], lead, date);
    }

    public static string OutcomeName(ReviewOutcome outcome) => outcome switch
    {
        ReviewOutcome.Upheld => "维持",
        ReviewOutcome.Changed => "变更",
        _ => "撤销",
    };

    /// <summary>
    /// The latest answered 复查 / 复核 as a written opinion (复查意见书 / 复核意见书), issued by the reviewing unit; a 复查
    /// opinion that stands tells the right to 复核 within 30 days of its receipt, a 复核 opinion that the matter is final.
    /// </summary>
    private static CaseDocumentContent ReviewOpinionOf(PetitionCase c, UnitTree units, string addressee, string matter, DateOnly date)
    {
        var review = c.Reviews.Last(r => r.Answer is not null);
        var answer = review.Answer!;
        var name = review.Level == ReviewLevel.Review ? "复查" : "复核";
        var reviewer = units.NameOf(review.ReviewingUnit);
        var next = review.Level == ReviewLevel.ReReview
            ? "依照《信访工作条例》第三十六条，本复核意见为最终处理意见。信访人对复核意见不服，仍以同一事实和理由提出信访请求的，不再受理。"
            : answer.Outcome == ReviewOutcome.SetAside
                ? $"原处理意见已撤销，由{units.NameOf(c.EffectiveLeadUnit)}依照本意见重新办理，并另行出具处理意见。"
                : $"依照《信访工作条例》第三十五条，您对本复查意见不服的，可以自收到本意见书之日起30日内请求{units.NameOf(NoticeTexts.ReviewUnitOf(units, review.ReviewingUnit))}复核。";
        return new(CaseDocumentKind.ReviewOpinion, c.CaseNo, $"信访事项{name}意见书", addressee,
        [
            new(null, [$"{matter}，您于{Date(review.RequestedAt)}提出{name}请求。本机关依照《信访工作条例》第三十五条、第三十六条进行了{name}，现将{name}意见告知如下："]),
            new($"一、{name}请求", [review.Reason]),
            new($"二、{name}意见", [answer.Opinion, $"（{name}结论：{OutcomeName(answer.Outcome)}原处理意见）"]),
            new("三、权利告知", [next]),
        ], reviewer, date);
    }

    /// <summary>
    /// What the self-service lookup shows of a delivered handling opinion: its outcome, the public summary and the
    /// right to 复查 with the date the window closes. The full document went to the complainant on paper.
    /// </summary>
    public static string? PublicOpinion(PetitionCase c, UnitTree units)
    {
        if (CaseDocuments.OpinionDelivery(c) is not { } delivered || c.Result is not { } result) return null;
        var reviewer = units.NameOf(ReviewUnitOf(units, c.EffectiveLeadUnit));
        return $"信访事项处理意见书（{Date(delivered.DeliveredAt)}送达）。处理意见：{OpinionName(result.EffectiveOpinion)}。{result.PublicSummary} "
               + $"如对处理意见不服，可于{Date(CaseDocuments.ReviewWindowClosesAt(c)!.Value)}前请求{reviewer}复查。";
    }
}
