package dev.tributary.broker.schema;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The rules of {@link SchemaDiff}, each checked both ways: backward (events valid under the old schema stay valid
 * under the new) and forward (events valid under the new schema are valid under the old).
 */
class SchemaCompatibilityTest {

    @Test
    void anIdenticalSchemaBreaksNothing() {
        String schema = "{'type':'object','properties':{'total':{'type':'number'}},'required':['total']}";

        assertThat(changes(schema, schema)).isEmpty();
    }

    @Test
    void annotationsMayChangeFreely() {
        assertThat(changes("{'title':'a','description':'x','properties':{'a':{'type':'string','default':'q'}}}",
                "{'title':'b','$comment':'y','properties':{'a':{'type':'string','examples':['z'],'deprecated':true}}}"))
                .isEmpty();
    }

    @Test
    void narrowingATypeBreaksBackwardAndExtendingItBreaksForward() {
        String number = "{'properties':{'items':{'type':'number'}}}";
        String integer = "{'properties':{'items':{'type':'integer'}}}";

        assertThat(backward(number, integer)).containsExactly("type of `items` narrowed from number to integer");
        assertThat(forward(number, integer)).isEmpty();
        assertThat(backward(integer, number)).isEmpty();
        assertThat(forward(integer, number)).containsExactly("type of `items` extended from integer to number");
    }

    @Test
    void changingATypeBreaksBothWays() {
        String text = "{'properties':{'id':{'type':'string'}}}";
        String number = "{'properties':{'id':{'type':'number'}}}";

        assertThat(backward(text, number)).containsExactly("type of `id` changed from string to number");
        assertThat(forward(text, number)).containsExactly("type of `id` changed from string to number");
    }

    @Test
    void typeArraysAreSetsOfTypes() {
        String nullable = "{'properties':{'note':{'type':['string','null']}}}";
        String text = "{'properties':{'note':{'type':'string'}}}";

        assertThat(backward(nullable, text)).containsExactly("type of `note` narrowed from string or null to string");
        assertThat(backward(text, nullable)).isEmpty();
        assertThat(forward(nullable, text)).isEmpty();
        assertThat(changes("{'type':['null','string']}", "{'type':['string','null']}")).isEmpty();
    }

    @Test
    void theAllowedValuesNarrowTheType() {
        assertThat(backward("{'properties':{'s':{'enum':['a','b']}}}", "{'properties':{'s':{'type':'string'}}}"))
                .isEmpty();
    }

    @Test
    void addingARequiredPropertyBreaksBackward() {
        String before = "{'type':'object','additionalProperties':false,'properties':{'id':{'type':'string'}}}";
        String after = "{'type':'object','additionalProperties':false,'required':['total'],"
                + "'properties':{'id':{'type':'string'},'total':{'type':'number'}}}";

        assertThat(changesOf(before, after)).anySatisfy(change -> {
            assertThat(change.message()).isEqualTo("required property `total` added");
            assertThat(change.pointer()).isEqualTo("/required/0");
            assertThat(change.breaksBackward()).isTrue();
        });
        assertThat(backward(before, after)).containsExactly("required property `total` added");
    }

    @Test
    void makingAPropertyOptionalBreaksForward() {
        String required = "{'required':['id'],'properties':{'id':{'type':'string'}}}";
        String optional = "{'properties':{'id':{'type':'string'}}}";

        assertThat(backward(required, optional)).isEmpty();
        assertThat(forward(required, optional)).containsExactly("property `id` no longer required");
    }

    @Test
    void addingAPropertyToAnOpenContentModelBreaksBackward() {
        String before = "{'properties':{'id':{'type':'string'}}}";
        String after = "{'properties':{'id':{'type':'string'},'note':{'type':'string'}}}";

        assertThat(backward(before, after)).containsExactly("property `note` added to an open content model: events"
                + " written before may carry `note` with any value");
        assertThat(forward(before, after)).isEmpty();
        assertThat(changes(before, "{'properties':{'id':{'type':'string'},'note':{}}}")).isEmpty();
    }

    @Test
    void addingAnOptionalPropertyToAClosedContentModelBreaksForward() {
        String before = "{'additionalProperties':false,'properties':{'id':{'type':'string'}}}";
        String after = "{'additionalProperties':false,'properties':{'id':{'type':'string'},'note':{'type':'string'}}}";

        assertThat(backward(before, after)).isEmpty();
        assertThat(forward(before, after)).containsExactly("property `note` added while additionalProperties is"
                + " false: the old schema refuses events that carry it");
    }

    @Test
    void removingAPropertyFromAClosedContentModelBreaksBackward() {
        String before = "{'additionalProperties':false,'properties':{'id':{'type':'string'},'note':{'type':'string'}}}";
        String after = "{'additionalProperties':false,'properties':{'id':{'type':'string'}}}";

        assertThat(backward(before, after)).containsExactly("property `note` removed while additionalProperties is"
                + " false");
        assertThat(forward(before, after)).isEmpty();
    }

    @Test
    void removingAPropertyFromAnOpenContentModelBreaksForward() {
        String before = "{'properties':{'id':{'type':'string'},'note':{'type':'string'}}}";
        String after = "{'properties':{'id':{'type':'string'}}}";

        assertThat(backward(before, after)).isEmpty();
        assertThat(forward(before, after)).containsExactly("property `note` removed from an open content model: new"
                + " events may carry `note` with any value");
    }

    @Test
    void aPartiallyOpenContentModelComparesAPropertyWithTheSchemaOfOtherProperties() {
        String before = "{'additionalProperties':{'type':'string'}}";
        String after = "{'additionalProperties':{'type':'string'},'properties':{'code':{'type':'string',"
                + "'maxLength':3}}}";

        assertThat(backward(before, after)).containsExactly("maxLength 3 added to `code`");
        assertThat(forward(before, after)).isEmpty();
        assertThat(changes(before, "{'additionalProperties':{'type':'string'},'properties':{'code':{'type':'string'}}}"))
                .isEmpty();
    }

    @Test
    void closingTheContentModelBreaksBackwardAndOpeningItBreaksForward() {
        String open = "{'properties':{'id':{'type':'string'}}}";
        String closed = "{'properties':{'id':{'type':'string'}},'additionalProperties':false}";

        assertThat(backward(open, closed)).containsExactly("additionalProperties of the data set to false: events"
                + " written before may carry properties the new schema does not list");
        assertThat(forward(open, closed)).isEmpty();
        assertThat(backward(closed, open)).isEmpty();
        assertThat(forward(closed, open)).containsExactly("additionalProperties of the data no longer false: new"
                + " events may carry properties the old schema refuses");
    }

    @Test
    void removingAnEnumValueBreaksBackwardAndAddingOneBreaksForward() {
        String before = "{'properties':{'status':{'type':'string','enum':['paid','refunded']}}}";
        String after = "{'properties':{'status':{'type':'string','enum':['paid','shipped']}}}";

        assertThat(backward(before, after)).containsExactly("enum value `refunded` removed from `status`");
        assertThat(forward(before, after)).containsExactly("enum value `shipped` added to `status`");
        assertThat(changes("{'enum':[1,'a']}", "{'enum':['a',1.0]}")).isEmpty();
    }

    @Test
    void addingAnEnumBreaksBackwardAndRemovingItBreaksForward() {
        String free = "{'type':'string'}";
        String listed = "{'type':'string','enum':['a','b']}";

        assertThat(backward(free, listed)).containsExactly("enum added to the data: only `a`, `b` allowed");
        assertThat(forward(free, listed)).isEmpty();
        assertThat(forward(listed, free)).containsExactly("enum of the data removed: values other than `a`, `b` are"
                + " allowed");
    }

    @Test
    void constIsASetOfOneValue() {
        assertThat(backward("{'const':'a'}", "{'const':'b'}")).containsExactly("const value `a` removed from the data");
        assertThat(forward("{'const':'a'}", "{'const':'b'}")).containsExactly("const value `b` added to the data");
        assertThat(backward("{'const':'a'}", "{'enum':['a','b']}")).isEmpty();
        assertThat(forward("{'const':'a'}", "{'enum':['a','b']}")).containsExactly("enum value `b` added to the data");
    }

    @Test
    void stringLengthsNarrowOneWayAndWidenTheOther() {
        String before = "{'properties':{'code':{'type':'string','minLength':2,'maxLength':10}}}";

        assertThat(backward(before, "{'properties':{'code':{'type':'string','minLength':2,'maxLength':5}}}"))
                .containsExactly("maxLength of `code` decreased from 10 to 5");
        assertThat(forward(before, "{'properties':{'code':{'type':'string','minLength':2,'maxLength':20}}}"))
                .containsExactly("maxLength of `code` increased from 10 to 20");
        assertThat(backward(before, "{'properties':{'code':{'type':'string','minLength':3,'maxLength':10}}}"))
                .containsExactly("minLength of `code` increased from 2 to 3");
        assertThat(forward(before, "{'properties':{'code':{'type':'string','maxLength':10}}}"))
                .containsExactly("minLength of `code` removed (was 2)");
        assertThat(backward(before, "{'properties':{'code':{'type':'string','maxLength':10}}}")).isEmpty();
    }

    @Test
    void numericBoundsNarrowOneWayAndWidenTheOther() {
        String before = "{'type':'number','minimum':0,'maximum':100}";

        assertThat(backward(before, "{'type':'number','minimum':1,'maximum':100}"))
                .containsExactly("minimum of the data increased from 0 to 1");
        assertThat(backward(before, "{'type':'number','minimum':0,'maximum':99.5}"))
                .containsExactly("maximum of the data decreased from 100 to 99.5");
        assertThat(backward(before, "{'type':'number','minimum':0,'maximum':100,'exclusiveMaximum':50}"))
                .containsExactly("exclusiveMaximum 50 added to the data");
        assertThat(forward(before, "{'type':'number','minimum':-1}"))
                .containsExactly("minimum of the data decreased from 0 to -1", "maximum of the data removed (was 100)");
        assertThat(backward(before, "{'type':'number','minimum':-1}")).isEmpty();
    }

    @Test
    void aLargerMultipleNarrowsAndADivisorWidens() {
        assertThat(backward("{'multipleOf':5}", "{'multipleOf':10}")).hasSize(1);
        assertThat(forward("{'multipleOf':5}", "{'multipleOf':10}")).isEmpty();
        assertThat(backward("{'multipleOf':10}", "{'multipleOf':5}")).isEmpty();
        assertThat(forward("{'multipleOf':10}", "{'multipleOf':5}")).containsExactly("multipleOf of the data changed"
                + " from 10 to 5");
        assertThat(backward("{'multipleOf':3}", "{'multipleOf':5}")).hasSize(1);
        assertThat(forward("{'multipleOf':3}", "{'multipleOf':5}")).hasSize(1);
    }

    @Test
    void aChangedPatternBreaksBothWaysAndARemovedOneForward() {
        String before = "{'properties':{'sku':{'type':'string','pattern':'^[A-Z]+$'}}}";

        assertThat(backward(before, "{'properties':{'sku':{'type':'string','pattern':'^[A-Z0-9]+$'}}}"))
                .containsExactly("pattern of `sku` changed from `^[A-Z]+$` to `^[A-Z0-9]+$`");
        assertThat(forward(before, "{'properties':{'sku':{'type':'string','pattern':'^[A-Z0-9]+$'}}}")).hasSize(1);
        assertThat(backward(before, "{'properties':{'sku':{'type':'string'}}}")).isEmpty();
        assertThat(forward(before, "{'properties':{'sku':{'type':'string'}}}"))
                .containsExactly("pattern of `sku` removed (was `^[A-Z]+$`)");
    }

    @Test
    void arrayBoundsAndUniquenessNarrowOneWayAndWidenTheOther() {
        String before = "{'type':'array','minItems':1,'maxItems':10}";

        assertThat(backward(before, "{'type':'array','minItems':2,'maxItems':10}"))
                .containsExactly("minItems of the data increased from 1 to 2");
        assertThat(forward(before, "{'type':'array','minItems':1}"))
                .containsExactly("maxItems of the data removed (was 10)");
        assertThat(backward(before, "{'type':'array','minItems':1,'maxItems':10,'uniqueItems':true}"))
                .containsExactly("the data now requires unique items");
    }

    @Test
    void comparesItemsAndNestedObjectsAllTheWayDown() {
        String before = "{'properties':{'order':{'type':'object','properties':{'lines':{'type':'array',"
                + "'items':{'type':'object','properties':{'sku':{'type':'string'},'qty':{'type':'number'}}}}}}}}";
        String after = "{'properties':{'order':{'type':'object','properties':{'lines':{'type':'array',"
                + "'items':{'type':'object','required':['sku'],'properties':{'sku':{'type':'string'},"
                + "'qty':{'type':'integer'}}}}}}}}";

        assertThat(changesOf(before, after)).extracting(Changes.Change::pointer, Changes.Change::message)
                .containsExactly(
                        tuple("/properties/order/properties/lines/items/required/0",
                                "required property `order.lines[].sku` added"),
                        tuple(
                                "/properties/order/properties/lines/items/properties/qty/type",
                                "type of `order.lines[].qty` narrowed from number to integer"));
    }

    @Test
    void followsReferencesToDefsOnBothSides() {
        String before = "{'properties':{'total':{'$ref':'#/$defs/money'}},'$defs':{'money':{'type':'number',"
                + "'minimum':0}}}";
        String inlined = "{'properties':{'total':{'type':'number','minimum':0}}}";
        String raised = "{'properties':{'total':{'$ref':'#/$defs/amount'}},'$defs':{'amount':{'type':'number',"
                + "'minimum':1}}}";

        assertThat(changes(before, inlined)).isEmpty();
        assertThat(changesOf(before, raised)).singleElement().satisfies(change -> {
            assertThat(change.message()).isEqualTo("minimum of `total` increased from 0 to 1");
            assertThat(change.pointer()).isEqualTo("/$defs/amount/minimum");
        });
    }

    @Test
    void followsDraft07Definitions() {
        String before = "{'$schema':'http://json-schema.org/draft-07/schema#','properties':{'a':{'$ref':"
                + "'#/definitions/code'}},'definitions':{'code':{'type':'string','maxLength':5}}}";
        String after = before.replace("'maxLength':5", "'maxLength':4");

        assertThat(backward(before, after)).containsExactly("maxLength of `a` decreased from 5 to 4");
    }

    @Test
    void comparesTheKeywordsBesideAReferenceToo() {
        String before = "{'properties':{'n':{'$ref':'#/$defs/n','maximum':10}},'$defs':{'n':{'type':'integer'}}}";
        String after = "{'properties':{'n':{'$ref':'#/$defs/n'}},'$defs':{'n':{'type':'integer'}}}";

        assertThat(backward(before, after)).isEmpty();
        assertThat(forward(before, after)).containsExactly("maximum of `n` removed (was 10)");
    }

    @Test
    void comparesRecursiveSchemasOnceAndStops() {
        String tree = "{'type':'object','properties':{'name':{'type':'string'},'children':{'type':'array',"
                + "'items':{'$ref':'#'}}}}";
        String stricter = tree.replace("'name':{'type':'string'}", "'name':{'type':'string','minLength':1}");

        assertThat(changes(tree, tree)).isEmpty();
        assertThat(backward(tree, stricter)).containsExactly("minLength 1 added to `name`");
    }

    @Test
    void aChangedOneOfOrNotCountsAsBreakingBothWays() {
        String before = "{'oneOf':[{'type':'string'},{'type':'number'}]}";
        String after = "{'oneOf':[{'type':'string'},{'type':'boolean'}]}";

        assertThat(backward(before, after)).singleElement().asString().contains("`oneOf`", "counted as breaking");
        assertThat(forward(before, after)).hasSize(1);
        assertThat(changes(before, "{'oneOf':[{'type':'string','description':'x'},{'type':'number'}]}")).isEmpty();
        assertThat(changes("{'not':{'type':'null'}}", "{'not':{'type':'string'}}")).hasSize(1);
    }

    @Test
    void allOfAndAnyOfOfTheSameLengthAreComparedMemberByMember() {
        assertThat(backward("{'anyOf':[{'type':'string'},{'type':'number'}]}",
                "{'anyOf':[{'type':'string'},{'type':'integer'}]}"))
                .containsExactly("type of the data narrowed from number to integer");
        assertThat(forward("{'anyOf':[{'type':'string'},{'type':'number'}]}",
                "{'anyOf':[{'type':'string'},{'type':'integer'}]}")).isEmpty();
        assertThat(changes("{'allOf':[{'type':'string'}]}", "{'allOf':[{'type':'string'},{'maxLength':3}]}"))
                .hasSize(1);
    }

    @Test
    void falseAndTrueSchemasAreTheEnds() {
        assertThat(backward("{'properties':{'x':{}}}", "{'properties':{'x':false}}"))
                .containsExactly("`x` no longer accepts any value");
        assertThat(forward("{'properties':{'x':{'type':'string'}}}", "{'properties':{'x':true}}"))
                .containsExactly("type of `x` extended from string to any type");
        assertThat(backward("{'properties':{'x':{'type':'string'}}}", "{'properties':{'x':true}}")).isEmpty();
    }

    private static List<String> backward(String old, String neu) {
        return changesOf(old, neu).stream().filter(Changes.Change::breaksBackward).map(Changes.Change::message)
                .toList();
    }

    private static List<String> forward(String old, String neu) {
        return changesOf(old, neu).stream().filter(Changes.Change::breaksForward).map(Changes.Change::message)
                .toList();
    }

    private static List<String> changes(String old, String neu) {
        return changesOf(old, neu).stream().map(Changes.Change::message).toList();
    }

    static List<Changes.Change> changesOf(String old, String neu) {
        return SchemaDiff.between(document(old), document(neu));
    }

    private static SchemaDocument document(String json) {
        return SchemaDocument.parse(json.replace('\'', '"'), SchemaLimits.DEFAULTS);
    }
}
