using Petitions.Application.Common.Rounds;
using Petitions.Domain.Cases;
using Petitions.Domain.Common;
using Petitions.Domain.Subjects;
using Petitions.Domain.Units;
using static Petitions.Demo.DemoPlan;

namespace Petitions.Demo;

/// <summary>
/// Decides the plan: every random choice comes from one seeded generator, in a fixed order. One file on purpose: split,
/// the order of the draws (and so the plan every machine reproduces) would be spread over several.
/// </summary>
internal sealed class DemoPlanBuilder(DateOnly anchor)
{
    private readonly Random random = new(Seed);
    private readonly HashSet<string> subjects = [];
    private readonly List<PlannedCase> cases = [];
    private readonly Dictionary<string, int> numbered = [];

    public DemoPlan Build(DemoSize size)
    {
        var round1Start = anchor.AddDays(-420);
        var round2Start = anchor.AddDays(-75);
        var rounds = new List<DemoRound>
        {
            HandoverRound(Round1, "第一轮中央生态环境保护督察", "First central ecological and environmental protection inspection", round1Start, 33, null, size.Round1Cases, 28, size.Round1Closed),
            HandoverRound(Round2, "第二轮中央生态环境保护督察", "Second central ecological and environmental protection inspection", round2Start, 30, Round2HandlingDays, size.Round2Cases, 25, size.Round2Closed),
        };
        Routine(size.RoutineCases);
        return new DemoPlan { Anchor = anchor, Size = size, Rounds = rounds, Cases = cases };
    }

    public List<PlannedCase> Synthetic(int count, string runId)
    {
        for (var i = 0; i < count; i++)
        {
            var received = At(anchor.AddDays(-random.Next(3, 60)), 8, 21);
            var c = NewCase(i, $"LOAD-{runId}-{i + 1:D7}", null, null, null, Weighted((Channel.Hotline, 0.45), (Channel.Online, 0.45), (Channel.Letter, 0.1)),
                received, DemoFate.ClosedFinal, handover: false);
            cases.Add(c with
            {
                Target = $"{c.Target}（{runId}-{i + 1}）",
                Verdict = Weighted((Verdict.Substantiated, 0.6), (Verdict.PartlySubstantiated, 0.25), (Verdict.Unsubstantiated, 0.15)),
                Satisfaction = random.NextDouble() < 0.72 ? Satisfaction.Satisfied : Satisfaction.BasicallySatisfied,
            });
        }

        return cases;
    }

    private DemoRound HandoverRound(string code, string name, string nameEn, DateOnly starts, int days, int? handlingDays, int count, int maxBatches, int closed)
    {
        var batchCount = Math.Max(1, Math.Min(maxBatches, count));
        var batches = Enumerable.Range(1, batchCount)
            .Select(n => new NewBatch(code, n, starts.AddDays(n), $"第{ChineseNumber(n)}批"))
            .ToList();
        var perBatch = Split(count, batches.Select(_ => 0.6 + random.NextDouble() * 0.8).ToArray());
        var fates = Shuffle(RoundFates(count, closed));
        var first = cases.Count;
        var i = 0;
        foreach (var batch in batches)
        {
            for (var k = 0; k < perBatch[batch.BatchNo - 1]; k++, i++)
            {
                var received = At(batch.HandedOverOn, 9, 18);
                cases.Add(NewCase(cases.Count, $"{code}-{i + 1:D4}", code, batch.BatchNo, handlingDays, Channel.InspectionHandover, received, fates[i], handover: true));
            }
        }

        Decorate(first, cases.Count - first, repeatShare: code == Round1 ? 0.03 : 0.02);
        return new DemoRound(code, name, starts, starts.AddDays(days), handlingDays, batches, nameEn);
    }

    private void Routine(int count)
    {
        if (count == 0) return;
        var notAccepted = (int)Math.Round(count * 0.2);
        var accepted = count - notAccepted;
        var fates = Allocate(accepted,
            (DemoFate.Unassigned, 0.03), (DemoFate.AwaitingAcceptance, 0.06), (DemoFate.InProgress, 0.08), (DemoFate.ExtensionPending, 0.01),
            (DemoFate.ResultSubmitted, 0.04), (DemoFate.Reopened, 0.02), (DemoFate.ClosedStage, 0.03), (DemoFate.ClosedFinal, 0.70),
            (DemoFate.Diverted, 0.03));
        fates.AddRange(Enumerable.Repeat(DemoFate.NotAccepted, notAccepted));
        fates = Shuffle(fates);
        var channels = Shuffle(Allocate(count, (Channel.Hotline, 0.45), (Channel.Online, 0.45), (Channel.Letter, 0.07), (Channel.Visit, 0.03)));

        // Received dates follow the fate: what is still waiting came in recently, or long ago (overdue).
        var overdueToggle = false;
        var drafts = fates.Select((fate, i) =>
        {
            var daysAgo = fate switch
            {
                DemoFate.Unassigned => random.Next(1, 7),
                DemoFate.AwaitingAcceptance => (overdueToggle = !overdueToggle) ? random.Next(20, 171) : random.Next(2, 13),
                _ => random.Next(10, 361),
            };
            return (Fate: fate, Channel: channels[i], Received: At(anchor.AddDays(-daysAgo), 8, 21));
        }).OrderBy(d => d.Received).ToList();

        var first = cases.Count;
        for (var i = 0; i < drafts.Count; i++)
        {
            cases.Add(NewCase(cases.Count, $"D-{i + 1:D4}", null, null, null, drafts[i].Channel, drafts[i].Received, drafts[i].Fate, handover: false));
        }

        Decorate(first, cases.Count - first, repeatShare: 0.06);
    }

    /// <summary>Exact counts: the closed share is the round's, open cases are spread over the open fates.</summary>
    private List<DemoFate> RoundFates(int count, int closed)
    {
        var stage = (int)Math.Round(closed * 0.07);
        var fates = Enumerable.Repeat(DemoFate.ClosedStage, stage).Concat(Enumerable.Repeat(DemoFate.ClosedFinal, closed - stage)).ToList();
        fates.AddRange(Allocate(count - closed,
            (DemoFate.AwaitingAcceptance, 0.08), (DemoFate.InProgress, 0.40), (DemoFate.ExtensionPending, 0.06),
            (DemoFate.ResultSubmitted, 0.30), (DemoFate.Reopened, 0.16)));
        return fates;
    }

    private PlannedCase NewCase(int index, string externalRef, string? round, int? batch, int? handlingDays, Channel channel, DateTimeOffset received, DemoFate fate, bool handover)
    {
        var (unit, places) = PickUnit();
        var place = Pick(places);
        var categories = PickCategories();
        var target = UniqueTarget(unit, place, categories[0]);
        var description = string.Format(Pick(DemoTexts.Complaints[categories[0]]), target, place)
                          + string.Concat(categories.Skip(1).Select(c => DemoTexts.AlsoReported[c]));
        var coUnits = fate is DemoFate.NotAccepted or DemoFate.Unassigned or DemoFate.Diverted || random.NextDouble() >= 0.08
            ? []
            : new[] { Pick(DemoTexts.Units.Where(u => u.Unit != unit).Select(u => u.Unit).ToArray()) };
        return new PlannedCase
        {
            Index = index,
            ExternalRef = externalRef,
            RoundCode = round,
            BatchNo = batch,
            RoundHandlingDays = handlingDays,
            Channel = channel,
            ReceivedAt = received,
            RegionCode = unit,
            CoUnits = coUnits,
            Target = target,
            Address = $"{place}{Pick(DemoTexts.Roads)}{random.Next(1, 300)}号",
            Categories = categories,
            Description = description,
            Complainant = PickComplainant(channel, place, handover),
            Fate = fate,
            NotAcceptedReason = fate == DemoFate.NotAccepted ? Pick(DemoTexts.NotAcceptedReasons) : null,
            VisitedAt = received.AddDays(random.Next(1, 5)).AddHours(random.Next(0, 6)),
            Inspectors = [$"{Pick(DemoTexts.Inspectors)}{PersonName()}", $"{Pick(DemoTexts.Inspectors)}{PersonName()}"],
        };
    }

    /// <summary>The decisions along each case's way: verdicts in exact shares, the rest by chance.</summary>
    private void Decorate(int first, int count, double repeatShare)
    {
        var slice = Enumerable.Range(first, count);
        var withResult = slice.Where(i => cases[i].Fate.HasResult()).ToList();
        var verdicts = Shuffle(Allocate(withResult.Count,
            (Verdict.Substantiated, 0.60), (Verdict.PartlySubstantiated, 0.25), (Verdict.Unsubstantiated, 0.15)));
        for (var k = 0; k < withResult.Count; k++)
        {
            cases[withResult[k]] = cases[withResult[k]] with { Verdict = verdicts[k] };
        }

        foreach (var i in slice)
        {
            var c = cases[i];
            var fate = c.Fate;
            var open = !fate.IsClosed();
            cases[i] = c with
            {
                Dissatisfied = fate == DemoFate.Reopened || fate.IsClosed() && random.NextDouble() < 0.04,
                Extension = fate == DemoFate.ExtensionPending || fate.HasResult() && random.NextDouble() < 0.05,
                Supervision = fate is DemoFate.NotAccepted or DemoFate.Unassigned or DemoFate.Diverted ? 0
                    : random.NextDouble() < (open ? 0.25 : 0.04) ? (random.NextDouble() < 0.6 ? 2 : 1) : 0,
                Leader = fate is DemoFate.NotAccepted or DemoFate.Unassigned or DemoFate.Diverted ? null
                    : random.NextDouble() < (fate == DemoFate.AwaitingAcceptance ? 0.6 : open ? 0.15 : 0.03) ? LeaderFor(c.RegionCode) : null,
                SecondVisit = fate.HasResult() && random.NextDouble() < 0.1,
                UnreachableFirst = fate.IsClosed() && random.NextDouble() < 0.05,
                ResidentCallback = fate.IsClosed() && random.NextDouble() < 0.1,
                Satisfaction = random.NextDouble() < 0.72 ? Satisfaction.Satisfied : Satisfaction.BasicallySatisfied,
                RectificationDays = random.Next(60, 181),
                Fine = c.Verdict == Verdict.Substantiated && random.NextDouble() < 0.8 ? random.Next(2, 51)
                    : c.Verdict == Verdict.PartlySubstantiated && random.NextDouble() < 0.3 ? random.Next(1, 11) : null,
            };
        }

        // Repeats follow the repeat rule (RepeatPolicy): the same company written differently, in the same region, with the
        // original's categories, after it (every slice spans far less than the rule's twelve months). Each pick is the k-th
        // of a list in case order (the candidates; the region's earlier cases), kept in ranked sets: O(n log n) overall.
        var repeats = (int)Math.Round(count * repeatShare);
        var candidates = new RankedSet(count);
        var regions = new Dictionary<string, RegionCases>();
        var regionPosition = new int[count];
        for (var p = 0; p < count; p++)
        {
            var c = cases[first + p];
            if (!regions.TryGetValue(c.RegionCode, out var region)) regions[c.RegionCode] = region = new RegionCases();
            regionPosition[p] = region.Members.Count;
            region.Members.Add(p);
            region.LatestSoFar.Add(region.LatestSoFar.Count == 0 || c.ReceivedAt > region.LatestSoFar[^1] ? c.ReceivedAt : region.LatestSoFar[^1]);
            if (c.RepeatOf is null && c.Fate is not (DemoFate.NotAccepted or DemoFate.Diverted)) candidates.Add(p);
        }

        foreach (var region in regions.Values)
        {
            region.Originals = new RankedSet(region.Members.Count);
            for (var q = 0; q < region.Members.Count; q++)
            {
                var c = cases[first + region.Members[q]];
                if (c.RepeatOf is null && c.Fate is not (DemoFate.NotAccepted or DemoFate.Diverted)) region.Originals.Add(q);
            }
        }

        for (var made = 0; made < repeats; made++)
        {
            if (candidates.Count == 0) break;
            var repeatAt = candidates.ElementAt(random.Next(candidates.Count));
            var repeat = first + repeatAt;
            var r = cases[repeat];
            var region = regions[r.RegionCode];
            var before = regionPosition[repeatAt];

            // Earlier cases received later than the repeat (same day, later hour) cannot be its original. Only the tail of
            // the region's list after the last point where everything so far was received no later than the repeat is searched.
            var late = new List<int>();
            for (var q = before - 1; q >= 0 && region.LatestSoFar[q] > r.ReceivedAt; q--)
            {
                if (region.Originals.Contains(q) && cases[first + region.Members[q]].ReceivedAt > r.ReceivedAt) late.Add(q);
            }

            var available = region.Originals.CountBelow(before) - late.Count;
            if (available == 0) continue;
            var rank = random.Next(available);
            var chosen = region.Originals.ElementAt(rank);
            for (var v = late.Count - 1; v >= 0 && late[v] <= chosen; v--)
            {
                chosen = region.Originals.ElementAt(++rank);
            }

            var original = cases[first + region.Members[chosen]];
            candidates.Remove(original.Index - first);
            candidates.Remove(repeatAt);
            region.Originals.Remove(before);
            subjects.Remove(SubjectKey.For(r.RegionCode, r.Target));
            var target = Variant(original.RegionCode, original.Target);
            cases[repeat] = r with
            {
                RepeatOf = original.Index,
                Target = target,
                Categories = original.Categories,
                Address = original.Address,
                Description = $"再次反映：{string.Format(Pick(DemoTexts.Complaints[original.Categories[0]]), target, "当地")}问题至今没有解决。",
            };
        }
    }

    /// <summary>A region's cases of one slice in case order (positions in the slice), for picking originals.</summary>
    private sealed class RegionCases
    {
        public List<int> Members { get; } = [];
        /// <summary>The latest reception among the region's cases up to each one (inclusive).</summary>
        public List<DateTimeOffset> LatestSoFar { get; } = [];
        /// <summary>The region's cases that may still be an original (not a repeat, not unaccepted), by position in <see cref="Members"/>.</summary>
        public RankedSet Originals { get; set; } = new(0);
    }

    private (string Unit, string[] Places) PickUnit()
    {
        var total = DemoTexts.Units.Sum(u => u.Weight);
        var x = random.NextDouble() * total;
        foreach (var (unit, weight, places) in DemoTexts.Units)
        {
            if ((x -= weight) < 0) return (unit, places);
        }

        return (DemoTexts.Units[^1].Unit, DemoTexts.Units[^1].Places);
    }

    /// <summary>Air, noise and water most; one complaint in five or so names a second problem.</summary>
    private List<Category> PickCategories()
    {
        var primary = Weighted((Category.Air, 0.45), (Category.Noise, 0.33), (Category.Water, 0.12), (Category.SolidWaste, 0.06),
            (Category.Ecology, 0.03), (Category.Radiation, 0.01));
        var categories = new List<Category> { primary };
        if (random.NextDouble() < 0.22)
        {
            var second = primary switch
            {
                Category.Air => Weighted((Category.Noise, 0.65), (Category.Water, 0.2), (Category.SolidWaste, 0.15)),
                Category.Noise => Category.Air,
                Category.Water => Weighted((Category.SolidWaste, 0.4), (Category.Air, 0.6)),
                Category.SolidWaste => Weighted((Category.Air, 0.6), (Category.Water, 0.4)),
                Category.Ecology => Category.SolidWaste,
                _ => Category.Noise,
            };
            categories.Add(second);
        }

        return categories;
    }

    private string UniqueTarget(string unit, string place, Category category)
    {
        for (var attempt = 0; ; attempt++)
        {
            var industry = Pick(DemoTexts.Industries[category]);
            var brand = Pick(DemoTexts.Brands);
            var prefix = random.NextDouble() switch { < 0.3 => "新疆", < 0.8 => place, _ => "" };
            var target = industry switch
            {
                { Name: "房地产开发" } => $"{prefix}{brand}房地产开发{Weighted(DemoTexts.LegalForms)}{Pick(DemoTexts.Projects)}苑项目工地",
                { Name: "通信铁塔基站" } => $"{place}{Pick(DemoTexts.Roads)}{brand}通信铁塔基站",
                { Company: true } => $"{prefix}{brand}{industry.Name}{Weighted(DemoTexts.LegalForms)}",
                _ => $"{(prefix == "新疆" ? place : prefix)}{brand}{industry.Name}",
            };
            if (attempt > 50 || numbered.ContainsKey(unit)) return Numbered(unit, target);
            if (subjects.Add(SubjectKey.For(unit, target))) return target;
        }
    }

    /// <summary>
    /// The unit's names are used up (large synthetic sizes): number the drawn name, counting on per unit; from then on
    /// the unit's names are numbered at once, so a saturated unit costs one draw per case, not fifty.
    /// </summary>
    private string Numbered(string unit, string target)
    {
        for (var n = numbered.GetValueOrDefault(unit, 51); ; n++)
        {
            var candidate = $"{target}{n}号";
            if (!subjects.Add(SubjectKey.For(unit, candidate))) continue;
            numbered[unit] = n + 1;
            return candidate;
        }
    }

    /// <summary>The same target as a citizen might write it again: another legal form, brackets, spaces.</summary>
    private string Variant(string region, string target)
    {
        var key = SubjectKey.For(region, target);
        var forms = DemoTexts.LegalForms.Select(f => f.Form).OrderByDescending(f => f.Length).ToArray();
        var form = forms.FirstOrDefault(f => target.EndsWith(f, StringComparison.Ordinal));
        var stem = form is null ? target : target[..^form.Length];
        var candidates = new List<string>();
        if (form is not null)
        {
            candidates.AddRange(new[] { "有限公司", "有限责任公司", "公司", "（集团）有限公司" }.Select(f => stem + f));
        }

        // Around the brand: "米东区 金泰砖厂", "（米东区）金泰砖厂", "金泰 化工有限公司".
        var brand = DemoTexts.Brands.Select(b => target.IndexOf(b, StringComparison.Ordinal)).Where(i => i >= 0).DefaultIfEmpty(-1).Min();
        if (brand > 0)
        {
            candidates.Add($"{target[..brand]} {target[brand..]}");
            candidates.Add($"（{target[..brand]}）{target[brand..]}");
        }
        else
        {
            candidates.Add($"{target[..2]} {target[2..]}");
        }

        candidates = Shuffle(candidates);
        return candidates.First(c => c != target && SubjectKey.For(region, c) == key);
    }

    private DemoComplainant? PickComplainant(Channel channel, string place, bool handover)
    {
        if (random.NextDouble() < (handover ? 0.35 : 0.15)) return new DemoComplainant(null, null, null, Anonymous: true);
        var name = PersonName();
        var phone = $"1{Pick(["3", "5", "7", "8", "9"])}{random.Next(0, 10)}{random.Next(0, 100_000_000):D8}";
        var address = $"{place}{Pick(DemoTexts.Roads)}{random.Next(1, 200)}号{random.Next(1, 30)}栋";
        return channel switch
        {
            Channel.Letter => new DemoComplainant(name, random.NextDouble() < 0.5 ? phone : null, address, false),
            Channel.Visit => new DemoComplainant(name, phone, address, false),
            _ => new DemoComplainant(random.NextDouble() < 0.7 ? name : null, phone, null, false),
        };
    }

    private DemoLeader LeaderFor(string unit)
    {
        var name = UnitCatalog.Seed.First(u => u.Code == unit).Name;
        return new DemoLeader(PersonName(), $"{name}{DemoTexts.LeaderTitle(name)}");
    }

    private string PersonName() => random.NextDouble() < 0.2
        ? Pick(DemoTexts.FullNames)
        : Pick(DemoTexts.Surnames) + Pick(DemoTexts.GivenNames);

    /// <summary>A moment on a China calendar day between two hours.</summary>
    private DateTimeOffset At(DateOnly day, int fromHour, int toHour) =>
        ChinaTime.StartOfDay(day).AddMinutes(random.Next(fromHour * 60, toHour * 60));

    private T Pick<T>(IReadOnlyList<T> items) => items[random.Next(items.Count)];

    private T Weighted<T>(params (T Item, double Weight)[] items)
    {
        var x = random.NextDouble() * items.Sum(i => i.Weight);
        foreach (var (item, weight) in items)
        {
            if ((x -= weight) < 0) return item;
        }

        return items[^1].Item;
    }

    private List<T> Shuffle<T>(List<T> items)
    {
        for (var i = items.Count - 1; i > 0; i--)
        {
            var j = random.Next(i + 1);
            (items[i], items[j]) = (items[j], items[i]);
        }

        return items;
    }

    private static int[] Split(int count, double[] weights)
    {
        var counts = new int[weights.Length];
        foreach (var i in Allocate(count, weights.Select((w, i) => (i, w)).ToArray())) counts[i]++;
        return counts;
    }
}
