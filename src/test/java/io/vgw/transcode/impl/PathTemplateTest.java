package io.vgw.transcode.impl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.stream.Collectors;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The HttpRule template grammar of google/api/http.proto: what parses, into what, and what is refused. */
class PathTemplateTest {

  /** variables as {@code field=[start,end)} with a {@code +} when multi-segment (reserved characters kept). */
  private static String variables(PathTemplate t) {
    return t.variables().stream()
        .map(v -> v.fieldPathString() + "=[" + v.start() + "," + v.end() + ")" + (v.multiSegment() ? "+" : ""))
        .collect(Collectors.joining(" "));
  }

  @ParameterizedTest(name = "[{index}] {0}")
  @CsvSource(delimiter = '|', value = {
      // template                              | shape                          | verb   | variables
      "/v1/messages                            | /v1/messages                   |        | ''",
      "/v1/*/messages                          | /v1/*/messages                 |        | ''",
      "/v1/**                                  | /v1/**                         |        | ''",
      "/v1/**/tail                             | /v1/**/tail                    |        | ''",
      "/v1/{id}                                | /v1/*                          |        | id=[1,2)",
      "/v1/{id=*}                              | /v1/*                          |        | id=[1,2)",
      "/v1/{name=messages/*}                   | /v1/messages/*                 |        | name=[1,3)+",
      "/v1/{name=shelves/*/books/*}            | /v1/shelves/*/books/*          |        | name=[1,5)+",
      "/v1/{path=**}                           | /v1/**                         |        | path=[1,2)+",
      "/v1/{path=files/**}                     | /v1/files/**                   |        | path=[1,3)+",
      "/v1/{name=tasks/*}:cancel               | /v1/tasks/*:cancel             | cancel | name=[1,3)+",
      "/v1/tasks:batchGet                      | /v1/tasks:batchGet             | batchGet | ''",
      "/v1/{sub.deeper.field}/x                | /v1/*/x                        |        | sub.deeper.field=[1,2)",
      "/v1/users/{user_id}/messages/{message_id} | /v1/users/*/messages/*       |        | user_id=[2,3) message_id=[4,5)",
      "/                                       | ''                             |        | ''",
      "/:verb                                  | :verb                          | verb   | ''"})
  void parses(String template, String shape, String verb, String variables) {
    PathTemplate t = PathTemplate.parse(template);
    assertEquals(shape, t.shape(), "shape; input " + template);
    assertEquals(verb == null ? "" : verb, t.verb(), "verb; input " + template);
    assertEquals(variables, variables(t), "variables; input " + template);
  }

  @ParameterizedTest(name = "[{index}] {0}")
  @CsvSource(delimiter = '|', value = {
      "v1/messages             | must start with '/'",
      "''                      | must start with '/'",
      "/v1/{id                 | unbalanced",
      "/v1/id}                 | unexpected '}'",
      "/v1/**/x/**             | more than one '**'",
      "/v1/{a=**}/{b=**}       | more than one '**'",
      "/v1/{a={b}}             | variable inside a variable",
      "/v1//x                  | empty segment",
      "/v1/                    | empty segment",
      "/v1/{}                  | invalid field path",
      "/v1/{a..b}              | invalid field path",
      "/v1/{1a}                | invalid field path",
      "/v1/a*                  | unexpected '*'",
      "/v1/*a                  | '*' must be a whole segment",
      "/v1/x{id}               | unexpected '{'",
      "/v1/{id}x               | a variable must be a whole segment",
      "/v1/x:                  | invalid verb",
      "/v1/{name=a:b}          | unexpected ':'"})
  void refusesNamingTheTemplate(String template, String mentions) {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> PathTemplate.parse(template));
    assertTrue(e.getMessage().contains(mentions) && e.getMessage().contains("'" + template + "'"),
        "got " + e.getMessage() + "; want it to name the template and say " + mentions + "; input " + template);
  }
}
