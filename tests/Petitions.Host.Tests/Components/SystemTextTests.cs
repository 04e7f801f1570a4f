using System.Xml.Linq;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Petitions.Domain.Cases;
using Petitions.Host.Components.Resources;
using Petitions.Host.Components.Shared;

namespace Petitions.Host.Tests.Components;

/// <summary>The phrases the system writes into cases are shown in the reader's language (SystemText).</summary>
public sealed class SystemTextTests
{
    private static IStringLocalizer<Text> Localizer(string culture)
    {
        System.Globalization.CultureInfo.CurrentUICulture = new System.Globalization.CultureInfo(culture);
        return new StringLocalizer<Text>(new ResourceManagerStringLocalizerFactory(Options.Create(new LocalizationOptions()), NullLoggerFactory.Instance));
    }

    [Fact]
    public void Every_phrase_the_domain_writes_has_a_chinese_key_equal_to_it_and_an_english_one()
    {
        var domain = typeof(SystemPhrases).GetFields().Where(f => f.IsLiteral).Select(f => (string)f.GetValue(null)!).ToList();
        Assert.All(domain, phrase => Assert.Contains(SystemText.Phrases, p => p.Phrase == phrase));

        var zh = Keys("Text.resx");
        var en = Keys("Text.en.resx");
        foreach (var (phrase, key) in SystemText.Phrases)
        {
            Assert.Equal(phrase, zh[key]);
            Assert.False(string.IsNullOrWhiteSpace(en[key]));
            Assert.DoesNotMatch(@"\p{IsCJKUnifiedIdeographs}", en[key]);
        }
    }

    [Fact]
    public void A_phrase_and_a_phrase_with_a_note_are_translated_and_a_persons_text_is_not()
    {
        var english = Localizer("en");
        Assert.Equal("Close on time", SystemText.Of(SystemPhrases.CloseOnTime, english));
        Assert.Equal("Dissatisfied at the callback: 噪声仍然很大", SystemText.Of(SystemPhrases.WithNote(SystemPhrases.CallbackDissatisfied, "噪声仍然很大"), english));
        Assert.Equal("督办复查发现问题", SystemText.Of("督办复查发现问题", english));
        Assert.Equal("伊犁哈萨克自治州 (own level)", SystemText.Of("伊犁哈萨克自治州（本级）", english));

        var chinese = Localizer("zh-CN");
        Assert.Equal("回访不满意：噪声仍然很大", SystemText.Of("回访不满意：噪声仍然很大", chinese));
    }

    private static Dictionary<string, string> Keys(string file) =>
        XDocument.Load(Path.Combine(Root(), "src", "Petitions.Host", "Components", "Resources", file)).Root!.Elements("data")
            .ToDictionary(d => (string)d.Attribute("name")!, d => (string)d.Element("value")!);

    private static string Root()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Petitions.sln"))) return dir.FullName;
        }

        throw new InvalidOperationException("Petitions.sln not found.");
    }
}
