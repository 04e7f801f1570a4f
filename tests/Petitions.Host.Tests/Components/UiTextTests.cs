using System.Xml.Linq;
using FluentValidation.Results;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Petitions.Application.Common.Validation;
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

    private static IEnumerable<string> Constants(Type type) => type.GetFields().Where(f => f.IsLiteral).Select(f => (string)f.GetValue(null)!);

    private static HashSet<string> ChineseKeys() =>
        XDocument.Load(Path.Combine(Root(), "src", "Petitions.Host", "Components", "Resources", "Text.resx")).Root!
            .Elements("data").Select(d => (string)d.Attribute("name")!).ToHashSet();

    [Fact]
    public void Every_rule_of_the_domain_has_a_readable_translation()
    {
        var keys = ChineseKeys();
        Assert.All(Constants(typeof(Rules)), rule => Assert.Contains("Rule_" + rule, keys));
    }

    [Fact]
    public void Every_rule_and_validation_code_of_the_application_has_a_readable_translation()
    {
        var keys = ChineseKeys();
        Assert.All(Constants(typeof(ConflictRules)), rule => Assert.Contains("Rule_" + rule, keys));
        Assert.All(Constants(typeof(ValidationCodes)), code => Assert.Contains("Val_" + code, keys));
        Assert.DoesNotContain(keys, k => k.StartsWith("Msg:", StringComparison.Ordinal));
    }

    [Fact]
    public void Validation_failures_are_translated_by_error_code_only()
    {
        var required = new ValidationFailure("Target", "'Target' must not be empty.") { ErrorCode = "NotEmptyValidator" };
        Assert.Equal("必填", UiErrors.Translate(required, Chinese));

        var custom = new ValidationFailure("ReceivedAt", "'Received At' must not be before 2000-01-01.") { ErrorCode = ValidationCodes.NotBefore2000 };
        Assert.Equal("收件时间不能早于 2000 年 1 月 1 日。", UiErrors.Translate(custom, Chinese));

        var shared = new ValidationFailure("CalledAt", "'Called At' must not be in the future.") { ErrorCode = ValidationCodes.NotInFuture };
        Assert.Equal("不能晚于现在。", UiErrors.Translate(shared, Chinese));

        // Rewording a message changes nothing: only the code is read.
        var reworded = new ValidationFailure("CalledAt", "'Called At' lies ahead of the present.") { ErrorCode = ValidationCodes.NotInFuture };
        Assert.Equal("不能晚于现在。", UiErrors.Translate(reworded, Chinese));

        var unknown = new ValidationFailure("X", "Something nobody translated.") { ErrorCode = "PredicateValidator" };
        Assert.Equal("Something nobody translated.", UiErrors.Translate(unknown, Chinese));
    }

    [Fact]
    public void The_validators_own_failures_carry_codes_that_are_translated()
    {
        var validator = new global::Petitions.Application.Features.Petitions.RegisterPetition.ComplainantValidator();
        var failures = validator.Validate(new global::Petitions.Application.Features.Petitions.RegisterPetition.ComplainantInput("张三", "12", null, Anonymous: true)).Errors;

        Assert.Contains(failures, f => f.ErrorCode == ValidationCodes.Phone && UiErrors.Translate(f, Chinese) == "请填写有效的手机或固定电话号码。");
        Assert.Contains(failures, f => f.ErrorCode == ValidationCodes.AnonymousWithIdentity && UiErrors.Translate(f, Chinese) == "匿名举报不能填写姓名、电话或地址。");
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
