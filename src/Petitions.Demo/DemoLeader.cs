namespace Petitions.Demo;

public sealed record DemoLeader(string Name, string Title);
