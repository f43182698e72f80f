using System.CommandLine;
using Siphon.Components;
using Siphon.Values;

namespace Siphon.Cli.Commands;

/// <summary><c>siphon schema</c>: the manifest JSON Schema generated from the component registry.</summary>
internal static class SchemaCommand
{
    public static Command Create()
    {
        var command = new Command("schema", "Print the JSON Schema of Siphon manifests, generated from the component registry.");
        command.SetAction(_ =>
        {
            Console.Out.WriteLine(JsonValues.ToJson(JsonSchemaGenerator.Generate(ComponentRegistry.Default), indented: true));
            return ExitCodes.Success;
        });
        return command;
    }
}
