namespace Petitions.Grains;

public static class GrainStateExtensions
{
    /// <summary>
    /// Persists the state; if that fails, the in-memory state may be ahead of storage (or its ETag stale), so the
    /// activation is dropped and the next call starts again from what storage holds.
    /// </summary>
    public static async Task WriteOrDeactivate<T>(this Grain grain, IPersistentState<T> state)
    {
        try
        {
            await state.WriteStateAsync();
        }
        catch
        {
            grain.DeactivateOnIdle();
            throw;
        }
    }
}
