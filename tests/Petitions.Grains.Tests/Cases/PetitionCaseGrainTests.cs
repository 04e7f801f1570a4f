using Petitions.Contracts.Cases;
using Petitions.Domain.Cases;

namespace Petitions.Grains.Tests.Cases;

public sealed class PetitionCaseGrainTests : IAsyncLifetime
{
    private static readonly CommandMeta Intake = new(new Actor("intake", "受理员"));
    private static readonly CommandMeta Handler = new(new Actor("handler.654000", "承办人"));
    private readonly GrainCluster cluster = new();

    public Task InitializeAsync() => cluster.InitializeAsync();

    public Task DisposeAsync() => cluster.DisposeAsync();

    private static RegisterCaseCommand Registration(string target = "伊犁某某化工有限公司") => new(
        Channel.Hotline, DateTimeOffset.UtcNow.AddDays(-2), null, null, null, null,
        new Complainant("张三", "13812345678", null, false, "hash"), "654000", "伊宁市某路", target, $"654000|{target}",
        [Category.Air], "夜间排放刺鼻气味", new Assignment("654000", [], null));

    private async Task<IPetitionCaseGrain> InProgressCase()
    {
        var grain = cluster.Grains.GetGrain<IPetitionCaseGrain>($"XF2026{Random.Shared.Next(100000, 999999)}");
        Assert.Null((await grain.Execute(Registration(), Intake)).Violation);
        Assert.Null((await grain.Execute(new AcceptCaseCommand(), Handler)).Violation);
        return grain;
    }

    [Fact]
    public async Task A_command_is_persisted_and_projected_before_the_answer()
    {
        var grain = await InProgressCase();
        var caseNo = grain.GetPrimaryKeyString();
        Assert.Equal(2, await cluster.Scalar<long>("SELECT version FROM case_index WHERE case_no = @caseNo", new { caseNo }));
        Assert.Equal("InProgress", await cluster.Scalar<string>("SELECT status FROM case_index WHERE case_no = @caseNo", new { caseNo }));

        await cluster.RestartAsync();
        var reloaded = await cluster.Grains.GetGrain<IPetitionCaseGrain>(caseNo).Get();
        Assert.Equal(CaseStatus.InProgress, reloaded!.Status);
        Assert.Equal(3, reloaded.Timeline.Count);
    }

    [Fact]
    public async Task A_replayed_idempotency_key_changes_nothing_and_answers_the_same_state()
    {
        var grain = await InProgressCase();
        var visit = new LogSiteVisitCommand(DateTimeOffset.UtcNow.AddHours(-1), ["王五"], "现场有异味");
        var meta = Handler with { IdempotencyKey = "visit-1" };
        var first = await grain.Execute(visit, meta);
        var again = await grain.Execute(visit, meta);

        Assert.Equal(CommandOutcome.Applied, first.Outcome);
        Assert.Equal(CommandOutcome.ReplayedFromKey, again.Outcome);
        Assert.Equal(first.Case!.Version, again.Case!.Version);
        Assert.Single(again.Case.SiteVisits);
    }

    [Fact]
    public async Task A_stale_expected_version_is_refused_as_a_failed_precondition()
    {
        var grain = await InProgressCase();
        var result = await grain.Execute(new LogSiteVisitCommand(DateTimeOffset.UtcNow, ["王五"], "现场"), Handler with { ExpectedVersion = 1 });
        Assert.Equal(ViolationKind.PreconditionFailed, result.Violation!.Kind);
        Assert.Equal(2, (await grain.Get())!.Version);
    }

    [Fact]
    public async Task Concurrent_commands_on_one_case_are_serialised_and_none_is_lost()
    {
        var grain = await InProgressCase();
        var results = await Task.WhenAll(Enumerable.Range(0, 50).Select(i =>
            grain.Execute(new LogSiteVisitCommand(DateTimeOffset.UtcNow.AddMinutes(-i), [$"核查员{i}"], $"第{i}次核查"), Handler)));
        Assert.All(results, r => Assert.Null(r.Violation));

        var state = (await grain.Get())!;
        Assert.Equal(52, state.Version);
        Assert.Equal(50, state.SiteVisits.Count);
        Assert.Equal(Enumerable.Range(1, 53), state.Timeline.Select(e => e.Seq));
    }

    [Fact]
    public async Task A_lost_projection_heals_when_the_case_is_activated_again()
    {
        var grain = await InProgressCase();
        var caseNo = grain.GetPrimaryKeyString();
        await using (var connection = await cluster.Database.OpenAsync())
        {
            await using var command = connection.CreateCommand();
            command.CommandText = $"DELETE FROM case_index WHERE case_no = '{caseNo}'";
            await command.ExecuteNonQueryAsync();
        }

        await cluster.RestartAsync();
        await cluster.Grains.GetGrain<IPetitionCaseGrain>(caseNo).Get();
        Assert.Equal(2, await cluster.Scalar<long>("SELECT version FROM case_index WHERE case_no = @caseNo", new { caseNo }));
    }

    [Fact]
    public async Task Commands_on_a_case_that_does_not_exist_are_refused_and_create_nothing()
    {
        var grain = cluster.Grains.GetGrain<IPetitionCaseGrain>("XF2026000000");
        var result = await grain.Execute(new AcceptCaseCommand(), Handler);
        Assert.Equal(ViolationKind.NotFound, result.Violation!.Kind);
        Assert.Null(await grain.Get());
        Assert.Equal(0, await cluster.Scalar<long>("SELECT COUNT(*) FROM OrleansStorage WHERE GrainIdExtensionString = 'XF2026000000'"));
    }
}
