using Petitions.Domain.Subjects;

namespace Petitions.Domain.Tests.Subjects;

public sealed class SimilarityTests
{
    [Theory]
    [InlineData("新疆天山水泥")]
    [InlineData("abc化工")]
    [InlineData("厂")]
    public void Identical_names_score_one(string name) =>
        Assert.Equal(1.0, Similarity.Bigrams(name, name));

    [Theory]
    [InlineData("新疆天山水泥", "乌鲁木齐热力")]
    [InlineData("厂", "矿")]
    [InlineData("abc", "xyz")]
    public void Disjoint_names_score_zero(string a, string b) =>
        Assert.Equal(0.0, Similarity.Bigrams(a, b));

    [Theory]
    [InlineData("", "")]
    [InlineData("", "新疆天山水泥")]
    [InlineData("新疆天山水泥", "")]
    public void Empty_names_score_zero(string a, string b) =>
        Assert.Equal(0.0, Similarity.Bigrams(a, b));

    [Theory]
    [InlineData("新疆天山水泥", "新疆天山水泥厂")]
    [InlineData("乌鲁木齐市某某热力", "乌鲁木齐某某热力")]
    [InlineData("中石油克拉玛依石化", "中石油克拉玛依石化分厂")]
    [InlineData("新疆中泰化学", "新疆中泰化工")]
    [InlineData("昌吉某某养殖场", "昌吉市某某养殖场")]
    public void Near_variants_score_high(string a, string b) =>
        Assert.True(Similarity.Bigrams(a, b) > 0.6, $"{a} ~ {b}: {Similarity.Bigrams(a, b)}");

    [Theory]
    [InlineData("新疆天山水泥", "特变电工")]
    [InlineData("哈密市某某煤矿", "库尔勒某某加油站")]
    [InlineData("新疆中泰化学", "新疆金风科技")]
    public void Unrelated_names_score_low(string a, string b) =>
        Assert.True(Similarity.Bigrams(a, b) < 0.3, $"{a} ~ {b}: {Similarity.Bigrams(a, b)}");

    [Fact]
    public void Is_symmetric_and_within_bounds()
    {
        var score = Similarity.Bigrams("新疆中泰化学阜康分公司", "新疆中泰化学");
        Assert.Equal(score, Similarity.Bigrams("新疆中泰化学", "新疆中泰化学阜康分公司"));
        Assert.InRange(score, 0.0, 1.0);
    }

    [Fact]
    public void Counts_repeated_bigrams_once_per_occurrence() =>
        // "aaa" has bigrams {aa, aa}, "aa" has {aa}: 2·1 / (2 + 1).
        Assert.Equal(2.0 / 3.0, Similarity.Bigrams("aaa", "aa"), 10);

    [Fact]
    public void A_single_character_is_compared_as_a_unigram() =>
        // Unigrams of "厂" {厂} and "厂区" {厂, 区}: 2·1 / (1 + 2).
        Assert.Equal(2.0 / 3.0, Similarity.Bigrams("厂", "厂区"), 10);

    [Fact]
    public void BigramsOf_lists_distinct_bigrams() =>
        Assert.Equal(["新疆", "疆天", "天山", "山新"], Similarity.BigramsOf("新疆天山新疆"));

    [Theory]
    [InlineData("", new string[0])]
    [InlineData("厂", new[] { "厂" })]
    [InlineData("ab", new[] { "ab" })]
    public void BigramsOf_short_names(string name, string[] expected) =>
        Assert.Equal(expected, Similarity.BigramsOf(name));

    [Fact]
    public void Does_not_split_characters_outside_the_basic_plane() =>
        // 𠮷 (U+20BB7) is one character, two UTF-16 units.
        Assert.Equal(["𠮷野", "野家"], Similarity.BigramsOf("𠮷野家"));
}
