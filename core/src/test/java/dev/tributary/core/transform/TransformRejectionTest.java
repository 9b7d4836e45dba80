package dev.tributary.core.transform;

import static dev.tributary.core.transform.TransformFixtures.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tributary.core.InvalidFieldException;
import org.assertj.core.api.AbstractThrowableAssert;
import org.junit.jupiter.api.Test;

class TransformRejectionTest {
    /** Asserts that {@code member} is rejected at {@code path}, and returns the assertion for the reason. */
    private static AbstractThrowableAssert<?, ? extends Throwable> rejecting(String member, String path) {
        return assertThatThrownBy(() -> Transform.parse(json(member)))
                .isInstanceOfSatisfying(InvalidTransformException.class, e -> assertThat(e.field()).isEqualTo(path))
                .isInstanceOf(InvalidFieldException.class)
                .hasMessageStartingWith(path + ": ");
    }

    @Test
    void rejectsAMemberThatIsNotAnObject() {
        rejecting("'{ data }'", "transform").hasMessageContaining("must be an object");
        rejecting("null", "transform").hasMessageContaining("must be an object");
    }

    @Test
    void rejectsATransformThatDoesNothing() {
        rejecting("{}", "transform")
                .hasMessage("transform: must have a template, a jsonata expression or attributes to set");
        rejecting("{'attributes': {}}", "transform").hasMessageContaining("must have");
    }

    @Test
    void rejectsUnknownMembers() {
        rejecting("{'template': '1', 'filter': 'x'}", "transform.filter")
                .hasMessage("transform.filter: is not a transform member; expected inputs, template, jsonata, "
                        + "attributes");
    }

    @Test
    void rejectsBothATemplateAndJsonata() {
        rejecting("{'template': '1', 'jsonata': 'data'}", "transform")
                .hasMessage("transform: must have at most one of template and jsonata");
    }

    @Test
    void rejectsInputsWithoutATemplate() {
        rejecting("{'inputs': {'a': '$.id'}, 'jsonata': 'data'}", "transform.inputs")
                .hasMessage("transform.inputs: is only allowed with a template");
    }

    @Test
    void rejectsATemplateThatIsNotAString() {
        rejecting("{'template': {'a': 1}}", "transform.template").hasMessage("transform.template: must be a string");
    }

    @Test
    void rejectsAJsonTemplateThatIsNotJson() {
        rejecting("{'template': '{\"a\": }'}", "transform.template")
                .hasMessageStartingWith(
                        "transform.template: is not valid JSON at line 1, column 7: Unexpected character");
        rejecting("{'template': '{\"a\": 1} {}'}", "transform.template").hasMessageContaining("not valid JSON");
        rejecting("{'template': ''}", "transform.template").hasMessageContaining("is empty");
        rejecting("{'template': 'plain text'}", "transform.template").hasMessageContaining("not valid JSON");
    }

    @Test
    void rejectsPlaceholdersWhereAWholeValueCannotStand() {
        rejecting("{'inputs': {'a': '$.id'}, 'template': '{\"x\": <a><a>}'}", "transform.template")
                .hasMessageContaining("placeholder <a> at line 1, column ")
                .hasMessageContaining("cannot stand there");
        rejecting("{'inputs': {'a': '$.id'}, 'template': '{\"x\": -<a>}'}", "transform.template")
                .hasMessageStartingWith("transform.template: placeholder <a> at line 1, column 8 cannot stand there");
        rejecting("{'inputs': {'a': '$.id'}, 'template': '{\"x\": <a>1}'}", "transform.template")
                .hasMessageStartingWith("transform.template: is not valid JSON at line 1, column 10: Unexpected "
                        + "character ('1' (code 49)): was expecting comma");
        rejecting("{'inputs': {'a': '$.id'}, 'template': '{<a>: 1}'}", "transform.template")
                .hasMessageContaining("placeholder <a>");
    }

    @Test
    void rejectsAPlaceholderOutsideQuotesThatNamesNoInput() {
        rejecting("{'inputs': {'a': '$.id'}, 'template': '{\"x\": <a>, \"y\": <b>}'}", "transform.template")
                .hasMessageContaining("not valid JSON at line 1, column 17")
                .hasMessageEndingWith("(a <name> outside quotes must name a declared input)");
    }

    @Test
    void rejectsInputsTheTemplateNeverUses() {
        rejecting("{'inputs': {'a': '$.id', 'b': '$.type'}, 'template': '[<a>]'}", "transform.inputs.b")
                .hasMessage("transform.inputs.b: is not used by the template (no <b> in it)");
    }

    @Test
    void rejectsBadInputs() {
        rejecting("{'inputs': ['$.id'], 'template': '1'}", "transform.inputs")
                .hasMessageContaining("must be an object");
        rejecting("{'inputs': {'1a': '$.id'}, 'template': '<1a>'}", "transform.inputs.1a")
                .hasMessageContaining("input names must be");
        rejecting("{'inputs': {'total': 5}, 'template': '<total>'}", "transform.inputs.total")
                .hasMessage("transform.inputs.total: must be a path such as $.data.total");
        rejecting("{'inputs': {'total': 'data.total'}, 'template': '<total>'}", "transform.inputs.total")
                .hasMessage("transform.inputs.total: path 'data.total' must start with $");
        rejecting("{'inputs': {'total': '$.Data.total'}, 'template': '<total>'}", "transform.inputs.total")
                .hasMessageContaining("must continue with $.data, $.data_base64 or $.<attribute>");
        rejecting("{'inputs': {'total': '$.data..total'}, 'template': '<total>'}", "transform.inputs.total")
                .hasMessageContaining("empty field name at index 6");
        rejecting("{'inputs': {'total': '$.data.items[x]'}, 'template': '<total>'}", "transform.inputs.total")
                .hasMessageContaining("has an index that is not [0]..[999999999]");
        rejecting("{'inputs': {'total': '$.data total'}, 'template': '<total>'}", "transform.inputs.total")
                .hasMessageContaining("must continue with");
    }

    @Test
    void rejectsTooManyInputsAndTooLongTemplates() {
        ObjectNode inputs = JsonNodeFactory.instance.objectNode();
        StringBuilder template = new StringBuilder("[0");
        for (int i = 0; i <= TransformCompiler.MAX_INPUTS; i++) {
            inputs.put("i" + i, "$.id");
            template.append(", <i").append(i).append('>');
        }
        ObjectNode member = JsonNodeFactory.instance.objectNode();
        member.set("inputs", inputs);
        member.put("template", template.append(']').toString());
        assertThatThrownBy(() -> Transform.parse(member)).hasMessage("transform.inputs: has 101 inputs, more than 100");

        ObjectNode longTemplate = JsonNodeFactory.instance.objectNode().put("template", "1".repeat(64 * 1024 + 1));
        assertThatThrownBy(() -> Transform.parse(longTemplate))
                .hasMessage("transform.template: is longer than 65536 characters");
    }

    @Test
    void rejectsJsonataWithASyntaxErrorNamingThePosition() {
        rejecting("{'jsonata': \"{ 'a': data.total + }\"}", "transform.jsonata")
                .hasMessage("transform.jsonata: syntax error at 1:21: The symbol \"}\" cannot be used as a unary "
                        + "operator (S0211)");
        rejecting("{'jsonata': \"{\\n  'a': data.(total ]\\n}\"}", "transform.jsonata")
                .hasMessage("transform.jsonata: syntax error at 2:20: Expected \")\", got \"]\" (S0202)");
    }

    @Test
    void rejectsJsonataThatIsNotAStringOrEmpty() {
        rejecting("{'jsonata': 42}", "transform.jsonata")
                .hasMessage("transform.jsonata: must be a string holding a JSONata expression");
        rejecting("{'jsonata': '  '}", "transform.jsonata").hasMessage("transform.jsonata: must not be empty");
    }

    @Test
    void refusesToSetTheAttributesThatIdentifyTheEvent() {
        for (String name : new String[] {"id", "source", "specversion"}) {
            rejecting("{'attributes': {'" + name + "': 'x'}}", "transform.attributes." + name)
                    .hasMessage("transform.attributes." + name + ": cannot be set: id, source and specversion identify"
                            + " the event, and deduplication and at-least-once delivery depend on them");
        }
        rejecting("{'attributes': {'id': '$.data.id'}}", "transform.attributes.id");
        rejecting("{'attributes': {'data': 'x'}}", "transform.attributes.data")
                .hasMessageContaining("not an attribute");
    }

    @Test
    void rejectsAttributeNamesThatBreakTheNamingRules() {
        rejecting("{'attributes': {'Region': 'eu'}}", "transform.attributes.Region")
                .hasMessage("transform.attributes.Region: attribute names must be one or more of a-z 0-9");
        rejecting("{'attributes': {'my-ext': 'x'}}", "transform.attributes.my-ext");
        rejecting("{'attributes': {'': 'x'}}", "transform.attributes.");
    }

    @Test
    void rejectsLiteralValuesThatBreakTheRules() {
        rejecting("{'attributes': {'time': 'yesterday'}}", "transform.attributes.time")
                .hasMessageContaining("must be an RFC 3339 timestamp");
        rejecting("{'attributes': {'datacontenttype': 'json'}}", "transform.attributes.datacontenttype")
                .hasMessageContaining("must be a media type");
        rejecting("{'attributes': {'dataschema': 'relative'}}", "transform.attributes.dataschema")
                .hasMessageContaining("must be an absolute URI");
        rejecting("{'attributes': {'subject': ''}}", "transform.attributes.subject")
                .hasMessageContaining("must not be empty");
        rejecting("{'attributes': {'subject': 5}}", "transform.attributes.subject")
                .hasMessage("transform.attributes.subject: must be a string, a $. path or null");
        rejecting("{'attributes': {'type': null}}", "transform.attributes.type")
                .hasMessage("transform.attributes.type: cannot be removed: every event has a type");
        rejecting("{'attributes': {'ratio': 1.5}}", "transform.attributes.ratio")
                .hasMessageContaining("must be a string, a 32-bit integer, a boolean");
        rejecting("{'attributes': {'big': 12345678901}}", "transform.attributes.big");
        rejecting("{'attributes': {'nested': {'a': 1}}}", "transform.attributes.nested");
        rejecting("{'attributes': {'partitionkey': 5}}", "transform.attributes.partitionkey")
                .hasMessage("transform.attributes.partitionkey: must be a string");
        rejecting("{'attributes': 'type=x'}", "transform.attributes").hasMessageContaining("must be an object");
    }

    @Test
    void rejectsAttributePathsThatCannotWork() {
        rejecting("{'attributes': {'subject': '$'}}", "transform.attributes.subject")
                .hasMessageContaining("is the whole event");
        rejecting("{'attributes': {'subject': '$.Data'}}", "transform.attributes.subject")
                .hasMessageContaining("must continue with");
    }

    @Test
    void requiresALiteralContentTypeWhenTheDataIsMade() {
        rejecting("{'template': '1', 'attributes': {'datacontenttype': '$.data.type'}}",
                        "transform.attributes.datacontenttype")
                .hasMessageContaining("must be a literal media type");
        rejecting("{'jsonata': 'data', 'attributes': {'datacontenttype': '$.datacontenttype'}}",
                "transform.attributes.datacontenttype");
    }

    @Test
    void namesPositionsBelowTheGivenPath() {
        assertThatThrownBy(() -> Transform.parse(json("{'attributes': {'id': 'x'}}"), "subscription.transform"))
                .isInstanceOfSatisfying(InvalidTransformException.class,
                        e -> assertThat(e.field()).isEqualTo("subscription.transform.attributes.id"));
    }
}
