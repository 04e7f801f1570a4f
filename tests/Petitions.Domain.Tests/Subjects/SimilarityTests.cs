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

    [Fact]
    public void Scores_as_the_definition_counts_grams_for_random_names()
    {
        // The definition written out plainly (grams as strings, shared ones counted with multiplicity), against which
        // the allocation-free implementation is checked on names from a small alphabet (many repeated grams), with
        // characters outside the basic plane and one-character names among them.
        static double Definition(string a, string b)
        {
            var left = a.EnumerateRunes().Select(r => r.ToString()).ToArray();
            var right = b.EnumerateRunes().Select(r => r.ToString()).ToArray();
            if (left.Length == 0 || right.Length == 0) return 0;
            var size = left.Length == 1 || right.Length == 1 ? 1 : 2;
            IEnumerable<string> Grams(string[] runes) => Enumerable.Range(0, runes.Length - size + 1).Select(i => string.Concat(runes.Skip(i).Take(size)));
            var counts = Grams(left).GroupBy(g => g).ToDictionary(g => g.Key, g => g.Count());
            var shared = 0;
            foreach (var gram in Grams(right))
            {
                if (counts.GetValueOrDefault(gram) > 0) { counts[gram]--; shared++; }
            }

            return 2.0 * shared / (left.Length - size + 1 + right.Length - size + 1);
        }

        var alphabet = new[] { "新", "疆", "化", "工", "a", "1", "𠮷", "野" };
        var random = new Random(20261204);
        string Name() => string.Concat(Enumerable.Range(0, random.Next(0, 9)).Select(_ => alphabet[random.Next(alphabet.Length)]));
        for (var i = 0; i < 5000; i++)
        {
            var (a, b) = (Name(), Name());
            Assert.Equal(Definition(a, b), Similarity.Bigrams(a, b), 12);
        }
    }
}
