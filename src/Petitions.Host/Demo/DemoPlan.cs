using Petitions.Application.Features.Rounds;
using Petitions.Domain.Cases;
using Petitions.Domain.Common;
using Petitions.Domain.Subjects;
using Petitions.Domain.Units;

namespace Petitions.Host.Demo;

/// <summary>How many cases the demo data set holds. The defaults are the report's numbers (DESIGN.md "Rates").</summary>
public sealed record DemoSize
{
    public int Round1Cases { get; init; } = 2905;
    public int Round1Closed { get; init; } = 2094;
    public int Round2Cases { get; init; } = 1200;
    public int Round2Closed { get; init; } = 1182;
    public int RoutineCases { get; init; } = 500;

    public static DemoSize Report { get; } = new();

    public int Total => Round1Cases + Round2Cases + RoutineCases;

    public void Validate()
    {
        if (Round1Cases < 0 || Round2Cases < 0 || RoutineCases < 0)
            throw new ArgumentException("Demo sizes cannot be negative.");
        if (Round1Closed < 0 || Round1Closed > Round1Cases || Round2Closed < 0 || Round2Closed > Round2Cases)
            throw new ArgumentException("A round cannot close more cases than it has.");
    }
}

/// <summary>Where a demo case ends up. Decided up front, so the numbers are exact.</summary>
public enum DemoFate
{
    NotAccepted,
    /// <summary>Registered, not yet assigned (recent).</summary>
    Unassigned,
    /// <summary>Assigned, not accepted; overdue once its 15 acceptance days are past.</summary>
    AwaitingAcceptance,
    InProgress,
    ExtensionPending,
    ResultSubmitted,
    /// <summary>A dissatisfied callback sent it back to work (on the problem list).</summary>
    Reopened,
    ClosedStage,
    ClosedFinal,
}

public static class DemoFates
{
    public static CaseStatus Status(this DemoFate fate) => fate switch
    {
        DemoFate.NotAccepted => CaseStatus.NotAccepted,
        DemoFate.Unassigned => CaseStatus.Registered,
        DemoFate.AwaitingAcceptance => CaseStatus.Assigned,
        DemoFate.InProgress or DemoFate.ExtensionPending or DemoFate.Reopened => CaseStatus.InProgress,
        DemoFate.ResultSubmitted => CaseStatus.ResultSubmitted,
        _ => CaseStatus.Closed,
    };

    public static bool IsClosed(this DemoFate fate) => fate is DemoFate.ClosedStage or DemoFate.ClosedFinal;

    public static bool HasResult(this DemoFate fate) => fate is DemoFate.ResultSubmitted or DemoFate.Reopened || fate.IsClosed();

    public static bool IsAccepted(this DemoFate fate) => fate is not (DemoFate.NotAccepted or DemoFate.Unassigned or DemoFate.AwaitingAcceptance);
}

public sealed record DemoComplainant(string? Name, string? Phone, string? Address, bool Anonymous);

public sealed record DemoLeader(string Name, string Title);

public sealed record DemoRound(string Code, string Name, DateOnly StartsOn, DateOnly EndsOn, int? HandlingDays, IReadOnlyList<NewBatch> Batches);

/// <summary>One demo case: what is registered, and every decision of its life up to its planned fate.</summary>
public sealed record PlannedCase
{
    public required int Index { get; init; }
    /// <summary>The handover list's own number (R1-0001) or the routine complaint's (D-0001): the registration key.</summary>
    public required string ExternalRef { get; init; }
    public string? RoundCode { get; init; }
    public int? BatchNo { get; init; }
    public int? RoundHandlingDays { get; init; }
    public required Channel Channel { get; init; }
    public required DateTimeOffset ReceivedAt { get; init; }
    public required string RegionCode { get; init; }
    public IReadOnlyList<string> CoUnits { get; init; } = [];
    public required string Target { get; init; }
    public string? Address { get; init; }
    public required IReadOnlyList<Category> Categories { get; init; }
    public required string Description { get; init; }
    public DemoComplainant? Complainant { get; init; }

    /// <summary>The plan index of the case this one repeats (same target written differently, same region).</summary>
    public int? RepeatOf { get; init; }

    public required DemoFate Fate { get; init; }
    public string? NotAcceptedReason { get; init; }
    public Verdict? Verdict { get; init; }
    /// <summary>A first callback was dissatisfied: the case was reopened (and, if it ends closed, handled again).</summary>
    public bool Dissatisfied { get; init; }
    /// <summary>An extension was requested (approved, unless the fate is <see cref="DemoFate.ExtensionPending"/>).</summary>
    public bool Extension { get; init; }
    /// <summary>0: none; 1: a supervision notice; 2: a notice the unit has replied to.</summary>
    public int Supervision { get; init; }
    public DemoLeader? Leader { get; init; }
    public bool SecondVisit { get; init; }
    public bool UnreachableFirst { get; init; }
    public bool ResidentCallback { get; init; }
    public Satisfaction Satisfaction { get; init; } = Satisfaction.Satisfied;
    public DateTimeOffset VisitedAt { get; init; }
    public IReadOnlyList<string> Inspectors { get; init; } = [];
    public int RectificationDays { get; init; }
    public int? Fine { get; init; }

    public string LeadUnit => RegionCode;
}

/// <summary>
/// The demo data set, decided up front from a fixed seed: two inspection rounds across the 28 units in daily batches,
/// and routine complaints. The same size and anchor give the same plan on every machine; dates are relative to the
/// anchor (the China date of the first demo start), so the data always looks current.
/// </summary>
public sealed class DemoPlan
{
    public const int Seed = 20_161_129;
    public const string Round1 = "R1";
    public const string Round2 = "R2";
    public const int Round2HandlingDays = 10;

    public required DateOnly Anchor { get; init; }
    public required DemoSize Size { get; init; }
    public required IReadOnlyList<DemoRound> Rounds { get; init; }
    public required IReadOnlyList<PlannedCase> Cases { get; init; }

    public static DemoPlan Build(DemoSize size, DateOnly anchor)
    {
        size.Validate();
        return new Builder(anchor).Build(size);
    }

    /// <summary>
    /// A synthetic load: <paramref name="count"/> routine complaints, each taken through its whole life (registered and
    /// assigned, accepted, visited, answered, called back, closed: six commands). Targets are unique to the run.
    /// </summary>
    public static DemoWork Synthetic(int count, string runId, DateOnly anchor) => new([], new Builder(anchor).Synthetic(count, runId));

    private sealed class Builder(DateOnly anchor)
    {
        private readonly Random random = new(Seed);
        private readonly HashSet<string> subjects = [];
        private readonly List<PlannedCase> cases = [];

        public DemoPlan Build(DemoSize size)
        {
            var round1Start = anchor.AddDays(-420);
            var round2Start = anchor.AddDays(-75);
            var rounds = new List<DemoRound>
            {
                HandoverRound(Round1, "第一轮中央生态环境保护督察", round1Start, 33, null, size.Round1Cases, 28, size.Round1Closed),
                HandoverRound(Round2, "第二轮中央生态环境保护督察", round2Start, 30, Round2HandlingDays, size.Round2Cases, 25, size.Round2Closed),
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

        private DemoRound HandoverRound(string code, string name, DateOnly starts, int days, int? handlingDays, int count, int maxBatches, int closed)
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
            return new DemoRound(code, name, starts, starts.AddDays(days), handlingDays, batches);
        }

        private void Routine(int count)
        {
            if (count == 0) return;
            var notAccepted = (int)Math.Round(count * 0.2);
            var accepted = count - notAccepted;
            var fates = Allocate(accepted,
                (DemoFate.Unassigned, 0.03), (DemoFate.AwaitingAcceptance, 0.06), (DemoFate.InProgress, 0.08), (DemoFate.ExtensionPending, 0.01),
                (DemoFate.ResultSubmitted, 0.04), (DemoFate.Reopened, 0.02), (DemoFate.ClosedStage, 0.03), (DemoFate.ClosedFinal, 0.73));
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
            var coUnits = fate is DemoFate.NotAccepted or DemoFate.Unassigned || random.NextDouble() >= 0.08
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
                    Supervision = fate is DemoFate.NotAccepted or DemoFate.Unassigned ? 0
                        : random.NextDouble() < (open ? 0.25 : 0.04) ? (random.NextDouble() < 0.6 ? 2 : 1) : 0,
                    Leader = fate is DemoFate.NotAccepted or DemoFate.Unassigned ? null
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

            // Repeats follow the repeat rule (RepeatPolicy): the same company written differently, in the same region, with
            // the original's categories, received after it and within the rule's twelve months.
            var repeats = (int)Math.Round(count * repeatShare);
            var originalsTaken = new HashSet<int>();
            for (var made = 0; made < repeats; made++)
            {
                var candidates = slice.Where(i => cases[i].RepeatOf is null && cases[i].Fate != DemoFate.NotAccepted && !originalsTaken.Contains(i)).ToList();
                if (candidates.Count == 0) break;
                var repeat = Pick(candidates.ToArray());
                var originals = slice.Where(i => i < repeat && cases[i].RegionCode == cases[repeat].RegionCode && cases[i].RepeatOf is null
                                                 && cases[i].Fate != DemoFate.NotAccepted && cases[i].ReceivedAt <= cases[repeat].ReceivedAt
                                                 && cases[repeat].ReceivedAt <= cases[i].ReceivedAt.AddMonths(RepeatPolicy.WindowMonths)).ToList();
                if (originals.Count == 0) continue;
                var original = cases[Pick(originals.ToArray())];
                originalsTaken.Add(original.Index);
                var r = cases[repeat];
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
                if (attempt > 50) target = $"{target}{attempt}号";
                if (subjects.Add(SubjectKey.For(unit, target))) return target;
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

    /// <summary>Exactly <paramref name="count"/> items in the given shares (largest remainder), in a fixed order.</summary>
    public static List<T> Allocate<T>(int count, params (T Item, double Share)[] shares)
    {
        var total = shares.Sum(s => s.Share);
        var exact = shares.Select(s => count * s.Share / total).ToArray();
        var counts = exact.Select(e => (int)Math.Floor(e)).ToArray();
        foreach (var i in Enumerable.Range(0, shares.Length).OrderByDescending(i => exact[i] - counts[i]).ThenBy(i => i).Take(count - counts.Sum()))
        {
            counts[i]++;
        }

        return shares.SelectMany((s, i) => Enumerable.Repeat(s.Item, counts[i])).ToList();
    }

    public static string ChineseNumber(int n)
    {
        string[] digits = ["零", "一", "二", "三", "四", "五", "六", "七", "八", "九"];
        return n switch
        {
            < 10 => digits[n],
            < 20 => "十" + (n % 10 == 0 ? "" : digits[n % 10]),
            < 100 => digits[n / 10] + "十" + (n % 10 == 0 ? "" : digits[n % 10]),
            _ => n.ToString(),
        };
    }
}
