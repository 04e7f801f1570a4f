namespace Petitions.Host.Operations;

/// <summary>
/// Tells the read-model catch-up that a request failed on the store (or the cluster): a case may have been written
/// while its projection was not. The catch-up then runs once the store answers again, in the same process.
/// </summary>
public sealed class StorageFaults
{
    private readonly SemaphoreSlim noticed = new(0, 1);

    public void Noticed()
    {
        if (noticed.CurrentCount == 0)
        {
            try
            {
                noticed.Release();
            }
            catch (SemaphoreFullException)
            {
                // Already signalled.
            }
        }
    }

    public Task WaitAsync(CancellationToken cancellationToken) => noticed.WaitAsync(cancellationToken);
}
