using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.Localization;
using MudBlazor;
using Petitions.Domain.Common;
using Petitions.Host.Components.Resources;

namespace Petitions.Host.Components.Shared;

/// <summary>
/// What every page and form has: the mediator (requests run through the same pipeline as the API), the session, the
/// strings, and one way to run a request that turns failures into messages on the form.
/// </summary>
public abstract class UiPage : ComponentBase
{
    [Inject] protected UiMediator Mediator { get; set; } = default!;
    [Inject] protected UiSession Session { get; set; } = default!;
    /// <summary>The strings (razor markup uses L, injected by _Imports).</summary>
    [Inject] protected IStringLocalizer<Text> Strings { get; set; } = default!;
    [Inject] protected ISnackbar Snackbar { get; set; } = default!;
    [Inject] protected NavigationManager Navigation { get; set; } = default!;
    [Inject] protected ILoggerFactory LoggerFactory { get; set; } = default!;
    [Inject] protected IClock Clock { get; set; } = default!;

    protected UiErrors Errors { get; } = new();

    protected bool Busy { get; set; }

    /// <summary>Runs a request; on failure the errors show on the form (and a snackbar says what went wrong).</summary>
    protected async Task<bool> Run(Func<Task> action, bool snackbarOnError = true)
    {
        Busy = true;
        Errors.Clear();
        try
        {
            await action();
            return true;
        }
        catch (OperationCanceledException)
        {
            // Superseded by a newer request of the same component (e.g. a repeat check while typing): not an error.
            return false;
        }
        catch (Exception ex)
        {
            Errors.Set(ex, Strings, LoggerFactory.CreateLogger(GetType()));
            if (snackbarOnError && Errors.Message is { } message) Snackbar.Add(message, Severity.Error);
            return false;
        }
        finally
        {
            Busy = false;
        }
    }

    protected string EnumText<T>(T value) where T : struct, System.Enum => Strings[typeof(T).Name + "_" + value];
}
