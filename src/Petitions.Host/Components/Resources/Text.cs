namespace Petitions.Host.Components.Resources;

/// <summary>The UI's shared string resources: Text.resx (Simplified Chinese, the default) and Text.en.resx.</summary>
public sealed class Text;
