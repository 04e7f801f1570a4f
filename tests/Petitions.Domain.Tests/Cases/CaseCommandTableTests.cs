using Petitions.Domain.Cases;

namespace Petitions.Domain.Tests.Cases;

/// <summary>
/// The command table against the transition matrix: a kind applies in a state exactly when some command of that kind
/// changes a case in that state (<see cref="TransitionMatrixTests.Rows"/> are the independent source), for each set
/// of prerequisites the matrix tries the command with (a review request with and without a delivered opinion).
/// </summary>
public sealed class CaseCommandTableTests
{
    public static TheoryData<string, Prerequisite, CaseState> KindsByState()
    {
        var data = new TheoryData<string, Prerequisite, CaseState>();
        foreach (var (type, needs) in TransitionMatrixTests.Rows.Select(r => (r.CommandType.Name, r.Needs)).Distinct())
            foreach (var state in Enum.GetValues<CaseState>())
                data.Add(type, needs, state);
        return data;
    }

    [Theory]
    [MemberData(nameof(KindsByState))]
    public void A_kind_applies_exactly_where_the_matrix_accepts_a_command_of_it(string commandType, Prerequisite needs, CaseState state)
    {
        var rows = TransitionMatrixTests.Rows.Where(r => r.CommandType.Name == commandType && r.Needs == needs).ToList();
        var b = TransitionMatrixTests.Build(state, needs);
        var kind = CaseCommandTable.KindOf(rows[0].Command(b));
        var accepted = rows.Where(r => r.For(state) is { Status: not null, Unchanged: false }).Select(r => r.Name).ToList();

        var applies = CaseCommandTable.Applies(b.Current, kind);

        Assert.True(applies == accepted.Count > 0,
            $"{kind} in {state}: the table says {(applies ? "applies" : "does not apply")}, the matrix accepts [{string.Join(", ", accepted)}].");
    }

    [Theory]
    [MemberData(nameof(KindsByState))]
    public void Where_the_table_refuses_the_decision_refuses_with_the_same_rule(string commandType, Prerequisite needs, CaseState state)
    {
        foreach (var row in TransitionMatrixTests.Rows.Where(r => r.CommandType.Name == commandType && r.Needs == needs))
        {
            var b = TransitionMatrixTests.Build(state, row.Needs);
            var command = row.Command(b);
            if (CaseCommandTable.Refusal(b.Current, CaseCommandTable.KindOf(command)) is not { } refusal) continue;
            if (command is RegisterCaseCommand) continue; // registering an existing case again is an idempotent no-op, not a refusal

            var (_, decision) = b.Try(command, CaseBuilder.Supervisor);

            Assert.Equal(refusal, decision.Violation);
        }
    }

    [Fact]
    public void Every_command_type_has_a_kind_and_every_kind_an_entry()
    {
        var b = TransitionMatrixTests.Build(CaseState.Registered, Prerequisite.None);
        var kinds = TransitionMatrixTests.Rows.Select(r => CaseCommandTable.KindOf(r.Command(b))).Distinct().Order().ToList();

        Assert.Equal(Enum.GetValues<CaseCommandKind>().Order(), kinds);
        Assert.Equal(Enum.GetValues<CaseCommandKind>(), CaseCommandTable.Kinds);
    }
}
