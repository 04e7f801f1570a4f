namespace Petitions.Demo;

/// <summary>How many cases the demo data set holds. The defaults are the inspection report's numbers: 2094 of 2905 first-round cases closed, 98.5% of the second round.</summary>
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
