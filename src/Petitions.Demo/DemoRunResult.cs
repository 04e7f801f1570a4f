namespace Petitions.Demo;

/// <summary>What a load did, for logs, the status endpoint and throughput figures.</summary>
public sealed record DemoRunResult(int Cases, long Commands, long Replayed, int Failures, TimeSpan Elapsed, TimeSpan RegistrationTime)
{
    public double CasesPerSecond => Cases / Math.Max(Elapsed.TotalSeconds, 1e-9);
    public double CommandsPerSecond => Commands / Math.Max(Elapsed.TotalSeconds, 1e-9);
}
