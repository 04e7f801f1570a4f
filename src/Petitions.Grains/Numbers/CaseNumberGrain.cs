using Petitions.Contracts;
using Petitions.Contracts.Numbers;
using Petitions.Contracts.Storage;

namespace Petitions.Grains.Numbers;

/// <summary>
/// Case number sequences of one year. A block is reserved (persisted) before any number in it is handed out, so
/// numbers stay unique across restarts and silos; the unused rest of a block is skipped after a restart.
/// </summary>
[GrainType("case-number")]
public sealed class CaseNumberGrain(
    [PersistentState(StateNames.CaseNumbers, StorageNames.Petitions)] IPersistentState<CaseNumberState> state) : Grain, ICaseNumberGrain
{
    public const int BlockSize = 100;

    private long next;
    private long blockEnd;

    public async Task<long> Next()
    {
        if (next >= blockEnd)
        {
            var start = state.State.NextBlockStart;
            state.State.NextBlockStart = start + BlockSize;
            await this.WriteOrDeactivate(state);
            next = start;
            blockEnd = start + BlockSize;
        }

        return next++;
    }
}

[GrainType("registration-key")]
public sealed class RegistrationKeyGrain(
    [PersistentState(StateNames.RegistrationKey, StorageNames.Petitions)] IPersistentState<RegistrationKeyState> state,
    IGrainFactory grains) : Grain, IRegistrationKeyGrain
{
    public async Task<string> Reserve(int year)
    {
        if (state.State.CaseNo is { } reserved)
        {
            return reserved;
        }

        var sequence = await grains.GetGrain<ICaseNumberGrain>(year).Next();
        state.State.CaseNo = GrainKeys.CaseNo(year, sequence);
        await this.WriteOrDeactivate(state);
        return state.State.CaseNo;
    }

    public Task<string?> Find() => Task.FromResult(state.State.CaseNo);
}
