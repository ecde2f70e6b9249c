//! `xs:choice` in a content model: flattened into the enclosing fields, each tagged with its
//! choice and branch (`Field::choice`), and the choice itself listed with its occurs and branches
//! (`ComplexType::choices`), from which a back end rebuilds the tree.

use roxmltree::Node;

use super::build::{Builder, Occurs};
use super::simple::xsd_docs;
use crate::load;
use crate::model::{Branch, Choice, ChoiceStep, Field, QName};

impl<'a> Builder<'a> {
    /// A choice whose occurs, enclosing particles included, are `occ`. Every branch's fields are
    /// optional; each branch is built as if chosen once (`branch_*_occurs` relative to it), then
    /// its fields' maxOccurs are multiplied by the choice's.
    pub(super) fn choice(
        &mut self,
        node: Node<'a, 'a>,
        unit: usize,
        enclosing: &QName,
        occ: Occurs,
        depth: usize,
        out: &mut Vec<Field>,
    ) {
        let step = ChoiceStep { group: self.choices, branch: 0, required: occ.min >= 1 };
        self.choices = self.choices.saturating_add(1);
        let mut branches = Vec::new();
        let children = node.children().filter(|n| n.is_element() && !load::is_xsd(*n, "annotation"));
        for (branch, c) in children.enumerate() {
            let start = out.len();
            self.particle(c, unit, enclosing, Occurs::ONE, depth + 1, out);
            let branch = u32::try_from(branch).unwrap_or(u32::MAX);
            let again = Occurs { min: 1, max: occ.max };
            for f in &mut out[start..] {
                f.min_occurs = 0;
                f.max_occurs = Occurs { min: 0, max: f.max_occurs }.times(again).max;
                f.choice.insert(0, ChoiceStep { branch, ..step });
            }
            branches.push(self.branch(c, unit));
        }
        let span = load::span_of(&self.file(unit), node);
        self.choice_table.push(Choice {
            group: step.group,
            min_occurs: occ.min,
            max_occurs: occ.max,
            branches,
            docs: xsd_docs(node),
            span,
        });
    }

    /// A branch of a choice: the group it refers to, and its documentation (an element branch's
    /// is its field's).
    fn branch(&self, node: Node<'a, 'a>, unit: usize) -> Branch {
        let span = load::span_of(&self.file(unit), node);
        if !load::is_xsd(node, "group") {
            let docs = if load::is_xsd(node, "element") { None } else { xsd_docs(node) };
            return Branch { group: None, docs, span };
        }
        let qn = node.attribute("ref").and_then(|r| load::resolve_qname(node, r.trim()));
        let def = qn.as_ref().and_then(|q| self.idx.groups.get(q));
        let docs = xsd_docs(node).or_else(|| def.and_then(|g| xsd_docs(g.node)));
        Branch { group: qn.map(|q| q.local), docs, span }
    }
}
