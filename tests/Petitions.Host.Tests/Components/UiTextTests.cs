using System.Xml.Linq;
using FluentValidation.Results;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Petitions.Application.Features.Petitions;
using Petitions.Application.Features.Stats;
using Petitions.Domain.Cases;
using Petitions.Host.Components.Reading;
using Petitions.Host.Components.Resources;
using Petitions.Host.Components.Shared;

namespace Petitions.Host.Tests.Components;

public sealed class UiTextTests
{
    /// <summary>The strings as a zh-CN user sees them (the culture flows with this test only).</summary>
    private static IStringLocalizer<Text> Chinese => Localizer("zh-CN");

    private static IStringLocalizer<Text> Localizer(string culture)
    {
        System.Globalization.CultureInfo.CurrentUICulture = new System.Globalization.CultureInfo(culture);
        var factory = new ResourceManagerStringLocalizerFactory(Options.Create(new LocalizationOptions()), NullLoggerFactory.Instance);
        return new StringLocalizer<Text>(factory);
    }

    [Fact]
    public void Both_resource_files_hold_the_same_keys()
    {
        static HashSet<string> Keys(string file) =>
            XDocument.Load(Path.Combine(Root(), "src", "Petitions.Host", "Components", "Resources", file)).Root!.Elements("data").Select(d => (string)d.Attribute("name")!).ToHashSet();
        var zh = Keys("Text.resx");
        var en = Keys("Text.en.resx");
        Assert.Empty(zh.Except(en));
        Assert.Empty(en.Except(zh));
    }

    [Fact]
    public void Every_rule_of_the_domain_has_a_readable_translation()
    {
        var rules = typeof(Rules).GetFields().Select(f => (string)f.GetValue(null)!);
        var xml = XDocument.Load(Path.Combine(Root(), "src", "Petitions.Host", "Components", "Resources", "Text.resx"));
        var keys = xml.Root!.Elements("data").Select(d => (string)d.Attribute("name")!).ToHashSet();
        Assert.All(rules, rule => Assert.Contains("Rule_" + rule, keys));
    }

    [Fact]
    public void Validation_failures_are_translated_by_error_code_and_by_message()
    {
        var required = new ValidationFailure("Target", "'Target' must not be empty.") { ErrorCode = "NotEmptyValidator" };
        Assert.Equal("必填", UiErrors.Translate(required, Chinese));

        var custom = new ValidationFailure("ReceivedAt", "'Received At' must not be in the future.") { ErrorCode = "PredicateValidator" };
        Assert.Equal("收件时间不能晚于现在。", UiErrors.Translate(custom, Chinese));

        var shared = new ValidationFailure("CalledAt", "'Called At' must not be in the future.") { ErrorCode = "PredicateValidator" };
        Assert.Equal("不能晚于现在。", UiErrors.Translate(shared, Chinese));

        var unknown = new ValidationFailure("X", "Something nobody translated.") { ErrorCode = "PredicateValidator" };
        Assert.Equal("Something nobody translated.", UiErrors.Translate(unknown, Chinese));
    }

    [Fact]
    public void A_rule_refusal_reads_as_a_sentence_with_the_current_status()
    {
        Assert.Contains("已办结", UiErrors.RuleMessage(Rules.TransitionNotAllowed, CaseStatus.Closed, Chinese));
        Assert.Contains("回访", UiErrors.RuleMessage(Rules.CloseRequiresCallback, CaseStatus.ResultSubmitted, Chinese));
    }

    [Fact]
    public void Dates_show_in_china_time_and_rates_as_exact_fractions()
    {
        Assert.Equal("2026-01-01 07:30", Fmt.At(new DateTimeOffset(2025, 12, 31, 23, 30, 0, TimeSpan.Zero)));
        Assert.Equal("2094 / 2905 = 72.1%", Fmt.Fraction(2094, 2905));
        Assert.Equal("1970 / 2000 = 98.5%", Fmt.Fraction(1970, 2000));
    }

    [Fact]
    public void A_case_filter_survives_its_url()
    {
        var filter = new CaseFilter { Unit = "650000", Round = "R1", Batch = 3, Overdue = true, Satisfaction = "Dissatisfied", Q = "化工", From = new DateOnly(2026, 1, 2), Page = 2 };
        Assert.Equal(filter, CaseFilter.Parse(filter.ToQueryString()));
    }

    [Fact]
    public void A_statistics_rate_reads_like_the_fraction_behind_it()
    {
        Assert.Equal("66.7%", Fmt.Rate(StatsRow.Rate(2, 3)));
        Assert.EndsWith(Fmt.Rate(StatsRow.Rate(2094, 2905)), Fmt.Fraction(2094, 2905));
        Assert.Equal("100.0%", Fmt.Rate(100m));
        Assert.Equal("0.0%", Fmt.Rate(0m));
        Assert.Equal("—", Fmt.Rate(StatsRow.Rate(0, 0)));
    }

    [Fact]
    public void A_case_filter_asks_the_list_query_for_its_cases()
    {
        var filter = new CaseFilter
        {
            Unit = "650000", Round = "R1", Batch = 3, Overdue = true, Repeat = false, Satisfaction = "Dissatisfied", Q = "化工",
            From = new DateOnly(2026, 1, 2), To = new DateOnly(2026, 2, 3), Sort = "-dueAt", Page = 2, PageSize = 500,
        };
        var query = filter.ToQuery();
        Assert.Equal(
            new ListPetitions.Query
            {
                Unit = "650000", Round = "R1", Batch = "3", Overdue = "true", Repeat = "false", Satisfaction = "Dissatisfied", Q = "化工",
                From = "2026-01-02", To = "2026-02-03", Sort = "-dueAt", Page = "2", PageSize = "200",
            },
            query);
    }

    private static string Root()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Petitions.sln"))) return dir.FullName;
        }

        throw new InvalidOperationException("Petitions.sln not found.");
    }
}
