using Petitions.Application.Common.Units;
using Petitions.Application.Features.Disclosure;
using Petitions.Domain.Cases;
using Petitions.Domain.Common;
using Petitions.Domain.Privacy;

namespace Petitions.Application.Features.Notices;

/// <summary>
/// The 交办单 (handover sheet): one page that hands a case to its lead unit (信访工作条例 Art. 22, 31, 32) — what was
/// received, about whom, the units, the deadlines and what the unit must do. Addressed to the lead unit, issued by the
/// registering office, dated the day of the (latest) assignment or transfer. The complainant is always masked (张*, or
/// 匿名): the sheet travels on paper to the unit, and a unit that needs the contact reveals it in the system, where
/// the reveal is recorded (Art. 46). Text that repeats the complainant's name, phone or address is masked too.
/// </summary>
public static class HandoverSheet
{
    public const string Slug = "handover-sheet";
    public const string Title = "信访事项交办单";

    /// <summary>When the case was handed to its current lead unit, or null while it has none (not handed over yet).</summary>
    public static DateTimeOffset? HandedOverAt(PetitionCase c) =>
        c.LeadUnit is null ? null : c.Timeline.LastOrDefault(e => e.Event is CaseAssigned or CaseTransferred)?.At;

    /// <summary>The sheet, or null when the case has not been handed to a unit.</summary>
    public static CaseDocumentContent? Build(PetitionCase c, UnitTree units)
    {
        if (HandedOverAt(c) is not { } handedOverAt) return null;
        var lead = units.NameOf(c.EffectiveLeadUnit);
        var region = units.NameOf(c.RegionCode);
        var complainant = c.Complainant is { Anonymous: false, Name: { } name } ? Masking.Name(name) : "匿名";
        var coUnits = c.CoUnits.Where(u => u != c.EffectiveLeadUnit).Select(units.NameOf).ToList();
        var deadline = c.HandlingDueAt is { } handling
            ? $"办理期限：{NoticeTexts.Date(handling)}前办结"
            : $"受理期限：{NoticeTexts.Date(c.AcceptanceDueAt)}前决定是否受理并书面告知信访人；受理后60日内办结";
        string[] facts =
        [
            $"信访件编号：{c.CaseNo}",
            $"收到日期：{NoticeTexts.Date(c.ReceivedAt)}",
            $"来源：{ChannelName(c.Channel)}",
            $"信访人：{complainant}",
            $"所在地区：{region}",
            $"被反映对象：{c.Target}",
            .. c.Address is { Length: > 0 } address ? [$"地址：{DisclosureRules.Masked(address, c.Complainant)}"] : Array.Empty<string>(),
            $"问题类别：{string.Join("、", c.Categories.Select(CategoryName))}",
            $"主办单位：{lead}",
            .. coUnits.Count > 0 ? [$"协办单位：{string.Join("、", coUnits)}"] : Array.Empty<string>(),
            deadline,
        ];
        return new(Slug, c.CaseNo, Title, lead,
        [
            new(null, facts),
            new("反映内容", [DisclosureRules.Masked(c.Description, c.Complainant) ?? ""]),
            new("办理要求",
            [
                "请依照《信访工作条例》第三十一条、第三十二条，核查事实、依法处理，在办理期限内办结，并将办理结果（查明事实、处理措施、处理意见）录入本系统。",
                "对信访人的姓名、联系方式等信息严格保密，不得泄露或者转给被反映的单位和人员（第四十六条）；确需联系信访人的，在本系统内查看，查看将被记录。",
            ]),
        ], region, ChinaTime.DateOf(handedOverAt)) { OnePage = true };
    }

    public static string ChannelName(Channel channel) => channel switch
    {
        Channel.Hotline => "来电",
        Channel.Letter => "来信",
        Channel.Visit => "来访",
        Channel.Online => "网上信访",
        Channel.InspectionHandover => "督察交办",
        _ => "其他",
    };

    public static string CategoryName(Category category) => category switch
    {
        Category.Air => "大气",
        Category.Water => "水",
        Category.Soil => "土壤",
        Category.Noise => "噪声",
        Category.SolidWaste => "固体废物",
        Category.Ecology => "生态",
        Category.Radiation => "辐射",
        _ => "其他",
    };
}
