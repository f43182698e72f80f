namespace Siphon.Templates;

/// <summary>
/// The base of every template failure. Messages are written for the person editing the manifest:
/// they name the template and what went wrong, and never need a stack trace to be understood.
/// </summary>
public class TemplateException : Exception
{
    public TemplateException(string message) : base(message) { }

    public TemplateException(string message, Exception? inner) : base(message, inner) { }
}
