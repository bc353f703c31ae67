using Microsoft.Extensions.Logging;

namespace LsatsHub.Pipelines.Tests.Support;

public sealed record LoggedMessage(LogLevel Level, string Text);
