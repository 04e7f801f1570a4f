using Petitions.Domain.Subjects;

namespace Petitions.Domain.Tests.Subjects;

public sealed class NearMatchGramsTests
{
    // Words many names of a region share, and a small alphabet (with repeats, so grams occur more than once in a name).
    private static readonly string[] Words = ["伊宁", "伊宁市", "化工", "某某", "科技", "矿业", "水泥", "热力", "煤电", "路", "号"];
    private const string Alphabet = "天山河东西金石木水某";

    private static string RandomName(Random random)
    {
        var pieces = random.Next(1, 5);
        var name = "";
        for (var i = 0; i < pieces; i++)
        {
            name += random.NextDouble() < 0.6
                ? Words[random.Next(Words.Length)]
                : new string(Enumerable.Range(0, random.Next(1, 3)).Select(_ => Alphabet[random.Next(Alphabet.Length)]).ToArray());
        }

        return name;
    }

    /// <summary>An index of names: each gram with the names that hold it (distinct grams, as the near-match index stores them).</summary>
    private static Dictionary<string, HashSet<string>> IndexOf(IEnumerable<string> names) =>
        names.SelectMany(n => Similarity.BigramsOf(n).Select(g => (Gram: g, Name: n)))
            .GroupBy(x => x.Gram)
            .ToDictionary(g => g.Key, g => g.Select(x => x.Name).ToHashSet(), StringComparer.Ordinal);

    private static HashSet<string> Holding(Dictionary<string, HashSet<string>> index, IEnumerable<string> grams) =>
        grams.Where(index.ContainsKey).SelectMany(g => index[g]).ToHashSet();

    [Fact]
    public void Every_pair_scoring_at_least_the_threshold_is_found_by_the_pruned_search_as_by_the_full_one()
    {
        var random = new Random(20261203);
        var names = Enumerable.Range(0, 800).Select(_ => RandomName(random)).Distinct().ToList();
        var index = IndexOf(names);
        var counts = index.ToDictionary(i => i.Key, i => (long)i.Value.Count, StringComparer.Ordinal);
        var probes = names.Take(300).Concat(Enumerable.Range(0, 300).Select(_ => RandomName(random))).ToList();

        var pruned = 0;
        var pairs = 0;
        foreach (var threshold in new[] { 0.5, 0.6, 0.8 })
        {
            foreach (var probe in probes)
            {
                var selection = NearMatchGrams.Select(probe, counts, threshold, budget: long.MaxValue);
                Assert.True(selection.Complete);
                Assert.Equal(selection.Kept.Sum(g => counts.GetValueOrDefault(g)), selection.PostingsToRead);
                Assert.Equal(Similarity.BigramsOf(probe).Order(StringComparer.Ordinal), selection.Kept.Concat(selection.DroppedSafely).Order(StringComparer.Ordinal));
                if (selection.DroppedSafely.Count > 0) pruned++;

                var full = Holding(index, Similarity.BigramsOf(probe));
                var found = Holding(index, selection.Kept);
                foreach (var name in full.Where(n => Similarity.Bigrams(probe, n) >= threshold))
                {
                    pairs++;
                    Assert.True(found.Contains(name),
                        $"'{name}' scores {Similarity.Bigrams(probe, name):F3} against '{probe}' (threshold {threshold}) but shares none of the kept grams {string.Join(",", selection.Kept)}");
                }
            }
        }

        // The property was put to work: grams were left out, and many pairs scored above the threshold.
        Assert.True(pruned > 300, $"only {pruned} probes left a gram out");
        Assert.True(pairs > 1000, $"only {pairs} pairs above the threshold");
    }

    [Fact]
    public void Exactly_the_grams_a_match_above_the_threshold_need_not_share_are_left_out_most_frequent_first()
    {
        // 10 grams; a name scoring ≥ 0.5 shares at least ⌈0.5·10 / 1.5⌉ = 4 of them, so the 3 most frequent may go.
        var counts = new Dictionary<string, long> { ["伊宁"] = 900, ["宁市"] = 800, ["化工"] = 950, ["某某"] = 700, ["天马"] = 2, ["星河"] = 1 };
        var selection = NearMatchGrams.Select("伊宁市某某化工天马星河", counts, 0.5, budget: long.MaxValue);
        Assert.Equal(["化工", "伊宁", "宁市"], selection.DroppedSafely);
        Assert.Equal(7, selection.Kept.Count);
        Assert.Equal(700 + 2 + 1, selection.PostingsToRead);

        // 3 grams: a name sharing only one of them ("伊宁" against "伊宁市某", 2·1 / (1 + 3) = 0.5) reaches the threshold,
        // so nothing may go, however common.
        Assert.Equal(0.5, Similarity.Bigrams("伊宁", "伊宁市某"));
        var threeGrams = NearMatchGrams.Select("伊宁市某", counts, 0.5, budget: long.MaxValue);
        Assert.Empty(threeGrams.DroppedSafely);
        Assert.Equal(3, threeGrams.Kept.Count);
    }

    [Fact]
    public void A_gram_that_occurs_twice_in_the_probe_counts_twice_against_what_may_be_left_out()
    {
        // "某某某某" has the gram 某某 three times: |A| = 3, m = ⌈0.5·3 / 1.5⌉ = 1, nothing may go.
        var counts = new Dictionary<string, long> { ["某某"] = 5000 };
        Assert.Equal(["某某"], NearMatchGrams.Select("某某某某", counts, 0.5, budget: long.MaxValue).Kept);

        // 伊宁市某某某某化工: 伊宁 宁市 市某 某某×3 某化 化工 (|A| = 8, m = 3, two may go): 某某 is the most frequent
        // but counts 3, so the next most frequent two go instead.
        var mixed = new Dictionary<string, long> { ["某某"] = 5000, ["化工"] = 4000, ["伊宁"] = 3000, ["宁市"] = 10 };
        var selection = NearMatchGrams.Select("伊宁市某某某某化工", mixed, 0.5, budget: long.MaxValue);
        Assert.Equal(["化工", "伊宁"], selection.DroppedSafely);
        Assert.Contains("某某", selection.Kept);
    }

    [Fact]
    public void Over_the_budget_the_most_frequent_grams_go_and_the_rarest_stays()
    {
        var counts = new Dictionary<string, long>
        {
            ["伊宁"] = 40_000, ["宁市"] = 39_000, ["市某"] = 30_000, ["某某"] = 20_000, ["某化"] = 9_000, ["化工"] = 25_000,
            ["工天"] = 1_500, ["天马"] = 700, ["马星"] = 3, ["星河"] = 0,
        };
        var selection = NearMatchGrams.Select("伊宁市某某化工天马星河", counts, 0.5, budget: 2_000);
        Assert.False(selection.Complete);
        Assert.Equal(["伊宁", "宁市", "市某"], selection.DroppedSafely);
        Assert.Equal(["化工", "某某", "某化", "工天"], selection.DroppedOverBudget);
        Assert.Equal(["天马", "马星", "星河"], selection.Kept);
        Assert.Equal(703, selection.PostingsToRead);

        // Every gram common: the rarest one is still read (the search then reads no more than the budget of its postings).
        var common = counts.Keys.ToDictionary(k => k, k => 50_000L + k[0]);
        var rarest = NearMatchGrams.Select("伊宁市某某化工天马星河", common, 0.5, budget: 2_000);
        Assert.Equal([common.MinBy(c => c.Value).Key], rarest.Kept);
        Assert.Equal(common.Values.Min(), rarest.PostingsToRead);
    }

    [Theory]
    [InlineData("厂", new[] { "厂" })]
    [InlineData("天马", new[] { "天马" })]
    [InlineData("", new string[0])]
    public void A_probe_of_one_gram_or_none_keeps_what_it_has(string probe, string[] kept) =>
        Assert.Equal(kept, NearMatchGrams.Select(probe, new Dictionary<string, long> { ["厂"] = 10_000, ["天马"] = 10_000 }, 0.5, budget: 10).Kept);

    [Fact]
    public void Grams_no_name_holds_cost_nothing_to_read()
    {
        var selection = NearMatchGrams.Select("完全无关的养殖场", new Dictionary<string, long>(), 0.5);
        Assert.Equal(0, selection.PostingsToRead);
        Assert.NotEmpty(selection.Kept);
        Assert.True(selection.Complete);
    }
}
