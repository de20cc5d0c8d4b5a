package dev.umt.gotomypc;

import java.util.List;

/**
 * A group with its subgroups, as {@link CompanyClient#groupTree()} returns them.
 *
 * @param group the group
 * @param path the names from the top-level group down to this one, joined by {@code /}
 * @param children its subgroups, by name
 */
public record GroupNode(Group group, String path, List<GroupNode> children) {
  public GroupNode {
    children = List.copyOf(children);
  }
}
